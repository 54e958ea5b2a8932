package io.livetodo.todo;

import java.time.Instant;

/**
 * One to-do item, immutable: every change makes a new one with a higher {@code version}. {@code author} is the user
 * who changed it last (null when no login is required).
 */
public record Todo(String id, String title, boolean completed, Instant created, Instant updated, long version,
                   String author) {

    Todo withCompleted(boolean value, Instant now, String by) {
        return new Todo(id, title, value, created, now, version + 1, by);
    }

    Todo withTitle(String value, Instant now, String by) {
        return new Todo(id, value, completed, created, now, version + 1, by);
    }

    /** The todo as it was, credited to whoever removes it: what a deletion records. */
    Todo removedBy(String by) {
        return by == null ? this : new Todo(id, title, completed, created, updated, version, by);
    }
}
