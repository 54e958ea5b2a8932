package io.livetodo.todo;

import java.util.List;

/** What became of a numbered {@link Mutation}. */
public sealed interface Processed {

    /** Processed now: these are its changes (none when it changed nothing). */
    record Applied(List<Change> changes) implements Processed { }

    /** Processed now and refused; the refusal is recorded, and a re-sent copy gets it again. */
    record Refused(TodoException refusal) implements Processed { }

    /**
     * Processed before: nothing was done this time. {@code record} says what it came to then; null when the record
     * is gone (older than {@code todo.clients.retention}) while later ones of the same client remain.
     */
    record Duplicate(long mutation, MutationRecord record) implements Processed { }
}
