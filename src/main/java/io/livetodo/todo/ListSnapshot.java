package io.livetodo.todo;

import java.util.List;

/**
 * An immutable view of one list as of sequence number {@code seq}, todos in creation order.
 * The {@code epoch} names this list's history: sequence numbers are only comparable within one epoch.
 */
public record ListSnapshot(String list, String epoch, long seq, List<Todo> todos) {

    public ListSnapshot {
        todos = List.copyOf(todos);
    }
}
