package io.livetodo.todo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How the log names a list: {@code list #1a2b3c4d}, the first 8 hex digits of the SHA-256 of its name. With login
 * off a list's name is the key to it, and logs travel further than the database (support tickets, log shippers);
 * an operator matches a fingerprint against the database with the query in the README ("Logs").
 */
public final class ListFingerprint {

    private ListFingerprint() {
    }

    /** {@code list #…} for a name, including one that is not valid (null: the default list). */
    public static String of(String list) {
        return "list #" + sha256Hex(list == null || list.isEmpty() ? Limits.DEFAULT_LIST : list, 4);
    }

    /** The first {@code bytes} bytes of the SHA-256 of {@code text} (UTF-8), in hex. */
    public static String sha256Hex(String text, int bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
