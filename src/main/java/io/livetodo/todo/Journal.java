package io.livetodo.todo;

import java.util.List;

/**
 * Where the store keeps what it must not lose. {@link TodoStore} records every change here, in one transaction per
 * operation, before it applies the change in memory or tells anyone: a change that was acknowledged is stored.
 */
public interface Journal {

    /** A list as stored: its epoch, last sequence number, todos in creation order, and its latest changes. */
    record StoredList(String epoch, long seq, List<Todo> todos, List<Change> recent) { }

    /** The stored list, or null if nothing was ever recorded for it. */
    StoredList load(String list, int recentChanges);

    /**
     * Records the changes of one operation atomically. {@code previousSeq} is the list's sequence number the changes
     * follow; the journal refuses them (throws) if the stored list has moved on meanwhile.
     *
     * @throws JournalException when nothing was recorded
     */
    void append(String list, String epoch, long previousSeq, List<Change> changes);

    /** Storage failed; the operation was not applied. */
    class JournalException extends RuntimeException {
        public JournalException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
