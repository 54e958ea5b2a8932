package io.livetodo.todo;

/**
 * One applied change of one list. {@code seq} is that list's sequence number after the change: consecutive, never
 * reused within an epoch, so a client that knows the last one it saw can ask for exactly what it missed.
 * For {@link Kind#DELETED} the todo is the one as it was before removal.
 */
public record Change(long seq, Kind kind, Todo todo) {

    public enum Kind {
        ADDED, UPDATED, DELETED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
