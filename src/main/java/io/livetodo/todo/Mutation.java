package io.livetodo.todo;

/**
 * A client's numbered change request: {@code client} is the id the client chose for itself and keeps, and
 * {@code number} counts its mutations on one list, 1, 2, 3, ... The store processes each exactly once (see
 * {@link TodoStore#execute(String, Command, String, Mutation)}), however often the client sends it.
 */
public record Mutation(String client, long number) {

    /**
     * The highest number a client new to a list (or forgotten by it) may start at. Any client starts where it likes
     * (one forgotten after the retention goes on with its own numbers), but not near the end of what a page can
     * count (2^53): a stranger who knew a client's id could otherwise push its numbers there.
     */
    public static final long MAX_FIRST = 1_000_000_000L;

    public Mutation {
        if (client == null || number < 1) {
            throw new IllegalArgumentException("a mutation needs a client and a number from 1: " + client + " " + number);
        }
    }
}
