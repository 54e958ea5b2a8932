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
        String name = list == null || list.isEmpty() ? Limits.DEFAULT_LIST : list;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return "list #" + HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
