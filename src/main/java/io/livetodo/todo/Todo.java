package io.livetodo.todo;

import java.time.Instant;

/** One to-do item, immutable: every change makes a new one with a higher {@code version}. */
public record Todo(String id, String title, boolean completed, Instant created, Instant updated, long version) {

    Todo withCompleted(boolean value, Instant now) {
        return new Todo(id, title, value, created, now, version + 1);
    }

    Todo withTitle(String value, Instant now) {
        return new Todo(id, value, completed, created, now, version + 1);
    }
}
