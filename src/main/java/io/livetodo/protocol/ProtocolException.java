package io.livetodo.protocol;

/** A client message that could not be understood. The message says what is wrong and what is accepted. */
public class ProtocolException extends RuntimeException {

    private final String code;
    private final String ref;

    public ProtocolException(String code, String message, String ref) {
        super(message, null, false, false);
        this.code = code;
        this.ref = ref;
    }

    /** Stable machine-readable code, e.g. {@code bad-json}. */
    public String code() {
        return code;
    }

    /** The client's {@code ref} if it could be read, else null. */
    public String ref() {
        return ref;
    }
}
