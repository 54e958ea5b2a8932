package io.livetodo.todo;

import java.util.List;
import java.util.function.Supplier;

/**
 * Announced (as a CDI event) after the store applied one operation to one list: the changes in sequence order.
 * Observers run while the list is still locked, so events of one list are seen in sequence order and
 * {@link #state()} is the list exactly as these changes left it. Observers must therefore be quick and must not block:
 * hand the work to a queue.
 */
public final class ListChanged {

    private final String list;
    private final List<Change> changes;
    private final Supplier<ListSnapshot> state;
    private final boolean followed;

    ListChanged(String list, List<Change> changes, Supplier<ListSnapshot> state, boolean followed) {
        this.list = list;
        this.changes = List.copyOf(changes);
        this.state = state;
        this.followed = followed;
    }

    /** Made on another server and read here from the shared journal; false for changes made on this server. */
    public boolean followed() {
        return followed;
    }

    public String list() {
        return list;
    }

    public List<Change> changes() {
        return changes;
    }

    /** The list after these changes; built on demand (linear in the list's size), valid during notification only. */
    public ListSnapshot state() {
        return state.get();
    }
}
