package io.livetodo.todo;

/**
 * A client's numbered change request: {@code client} is the id the client chose for itself and keeps, and
 * {@code number} counts its mutations on one list, 1, 2, 3, ... The store processes each exactly once (see
 * {@link TodoStore#execute(String, Command, String, Mutation)}), however often the client sends it.
 */
public record Mutation(String client, long number) {

    public Mutation {
        if (client == null || number < 1) {
            throw new IllegalArgumentException("a mutation needs a client and a number from 1: " + client + " " + number);
        }
    }
}
