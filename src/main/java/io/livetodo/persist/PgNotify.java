package io.livetodo.persist;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Sends a PostgreSQL notification, which {@link PgListener} receives on the other nodes. */
final class PgNotify {

    private PgNotify() {
    }

    /**
     * Queued in the caller's transaction: PostgreSQL delivers it at commit, and not at all on rollback, so nobody is
     * woken for something that was not stored.
     */
    static void send(Connection connection, String channel, String payload) throws SQLException {
        try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, channel);
            notify.setString(2, payload);
            notify.execute();
        }
    }
}
