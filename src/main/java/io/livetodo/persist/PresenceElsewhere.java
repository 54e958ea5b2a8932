package io.livetodo.persist;

/** The number of connections on a list on the other nodes changed (see {@link SharedPresence}). */
public record PresenceElsewhere(String list) {
}
