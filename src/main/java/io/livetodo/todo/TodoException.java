package io.livetodo.todo;

import java.util.Locale;

/** A request the domain refuses. Nothing was changed. The message is meant for the user. */
public class TodoException extends RuntimeException {

    public enum Reason {
        INVALID_TITLE, INVALID_LIST, INVALID_ID, INVALID_CLIENT, LIST_FULL, TOO_MANY_LISTS, NOT_FOUND, CONFLICT, ID_TAKEN, MUTATION_GAP;

        /** Stable code for clients, e.g. {@code list-full}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Reason reason;
    private final transient Todo current;

    public TodoException(Reason reason, String message) {
        this(reason, message, null);
    }

    public TodoException(Reason reason, String message, Todo current) {
        super(message, null, false, false);
        this.reason = reason;
        this.current = current;
    }

    public Reason reason() {
        return reason;
    }

    /** For {@link Reason#CONFLICT}: the todo as it is now, so the client can show it and retry. */
    public Todo current() {
        return current;
    }
}
