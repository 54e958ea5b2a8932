package io.livetodo.persist;

import org.h2.jdbc.JdbcPreparedStatement;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded database's connections: kept with their parsed statements, handed out clean, and given up for good
 * once the pool is disposed.
 */
class EmbeddedPoolTest {

    private static final String QUERY = "SELECT COUNT(*) FROM item WHERE name <> ?";

    @TempDir
    Path directory;
    private String url;
    private EmbeddedPool pool;

    @BeforeEach
    void open() throws SQLException {
        url = "jdbc:h2:file:" + directory.resolve("pool").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        pool = new EmbeddedPool(url);
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE item (name VARCHAR(20))");
        }
    }

    @AfterEach
    void close() {
        pool.dispose();
    }

    @Test
    void a_connection_given_back_keeps_the_statements_it_parsed() throws Exception {
        Object first = parsedOnce(pool::getConnection);
        Object second = parsedOnce(pool::getConnection);
        assertThat(second).as("the same parsed command, from the session's statement cache").isSameAs(first);
    }

    /** Why this pool exists: if H2's own pool stops doing this, ours may no longer be needed. */
    @Test
    void h2s_own_pool_parses_every_statement_again() throws Exception {
        pool.dispose();
        JdbcConnectionPool h2 = JdbcConnectionPool.create(url, "", "");
        h2.setMaxConnections(1); // the same session every time
        try {
            Object first = parsedOnce(h2::getConnection);
            Object second = parsedOnce(h2::getConnection);
            assertThat(second).isNotSameAs(first);
        } finally {
            h2.dispose();
        }
    }

    @Test
    void a_connection_given_back_mid_transaction_is_rolled_back_and_reset() throws SQLException {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO item VALUES ('never committed')");
            }
        }
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM item")) {
            assertThat(connection.getAutoCommit()).isTrue();
            assertThat(connection.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
    }

    @Test
    void a_closed_connection_refuses_work_and_is_given_back_once() throws SQLException {
        Connection connection = pool.getConnection();
        connection.close();
        connection.close();
        assertThat(connection.isClosed()).isTrue();
        assertThatThrownBy(() -> connection.prepareStatement("VALUES 1")).isInstanceOf(SQLException.class)
                .hasMessageContaining("closed");
        try (Connection first = pool.getConnection(); Connection second = pool.getConnection()) {
            assertThat(sessionId(first)).as("given back once, so handed out once").isNotEqualTo(sessionId(second));
        }
    }

    @Test
    void a_disposed_pool_closes_what_it_kept_and_what_comes_back_later() throws SQLException {
        Connection kept = pool.getConnection();
        Connection out = pool.getConnection();
        Connection keptPhysical = kept.unwrap(Connection.class);
        Connection outPhysical = out.unwrap(Connection.class);
        kept.close();

        pool.dispose();
        assertThat(keptPhysical.isClosed()).isTrue();
        assertThat(outPhysical.isClosed()).isFalse();
        out.close();
        assertThat(outPhysical.isClosed()).isTrue();
        assertThatThrownBy(pool::getConnection).isInstanceOf(IllegalStateException.class);
    }

    private interface Source {
        Connection get() throws SQLException;
    }

    /** The command H2 parsed for {@link #QUERY} on a connection from {@code source}, after running it once. */
    private static Object parsedOnce(Source source) throws Exception {
        try (Connection connection = source.get(); PreparedStatement statement = connection.prepareStatement(QUERY)) {
            statement.setString(1, "x");
            statement.executeQuery().close();
            return parsedCommand(statement);
        }
    }

    /** The command H2 parsed for {@code statement}: the same object when its session reused it from its cache. */
    static Object parsedCommand(PreparedStatement statement) throws Exception {
        Field command = JdbcPreparedStatement.class.getDeclaredField("command");
        command.setAccessible(true);
        return command.get(statement.unwrap(JdbcPreparedStatement.class));
    }

    private static long sessionId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT SESSION_ID()")) {
            row.next();
            return row.getLong(1);
        }
    }
}
