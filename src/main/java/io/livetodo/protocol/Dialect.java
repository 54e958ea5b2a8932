package io.livetodo.protocol;

/** The two ways of talking to {@code /todo}, chosen by the WebSocket subprotocol at the handshake. */
public enum Dialect {
    /** No subprotocol: the seed's plain-text commands and listing. */
    TEXT,
    /** Subprotocol {@value JsonProtocol#SUBPROTOCOL}: a snapshot, then one small event per change. */
    JSON;

    public static Dialect of(String negotiatedSubprotocol) {
        return JsonProtocol.SUBPROTOCOL.equals(negotiatedSubprotocol) ? JSON : TEXT;
    }
}
