package io.livetodo.persist;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The PostgreSQL notification that a list moved on: its name and its new sequence number, on one channel. It only
 * wakes the other nodes; they still read the changes from the change log by number, so a notice lost, repeated or
 * out of order costs nothing but time.
 */
record ChangeNotice(String list, long seq) {

    static final String CHANNEL = "livetodo_changes";

    /** Queued in the storing transaction (see {@link PgNotify#send}). */
    static void send(Connection connection, String list, long seq) throws SQLException {
        PgNotify.send(connection, CHANNEL, seq + " " + list);
    }

    /** Null for a payload this build does not know (another version's node on the same database). */
    static ChangeNotice parse(String payload) {
        int space = payload == null ? -1 : payload.indexOf(' ');
        if (space <= 0) {
            return null;
        }
        try {
            return new ChangeNotice(payload.substring(space + 1), Long.parseLong(payload.substring(0, space)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
