package io.livetodo.todo;

/**
 * The operations a client can ask of a list, whichever dialect it speaks. Decoders produce these;
 * {@link TodoStore#execute(String, Command)} applies them.
 */
public sealed interface Command {

    /** {@code id} null: the server makes one. A client that shows its todo before the server answers makes its own. */
    record Add(String title, String id) implements Command {
        public Add(String title) {
            this(title, null);
        }
    }

    /** Brings back a deleted todo as it was (the page's undo of a delete): same id, title and state. */
    record Restore(String id, String title, boolean completed) implements Command { }

    record SetCompleted(String id, boolean completed) implements Command { }

    /** Completes (or reopens) every todo of the list: the page's "toggle all". */
    record SetAllCompleted(boolean completed) implements Command { }

    /** {@code expectedVersion} null renames unconditionally; otherwise only if the todo still has that version. */
    record Rename(String id, String title, Long expectedVersion) implements Command { }

    record Delete(String id) implements Command { }

    record ClearCompleted() implements Command { }

    /** The seed's {@code done <title>}: completes the open todos whose title is exactly this. */
    record DoneByTitle(String title) implements Command { }
}
