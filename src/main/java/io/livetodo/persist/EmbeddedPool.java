package io.livetodo.persist;

import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections to the embedded H2 database, kept open for the next caller. H2's own pool ({@code JdbcConnectionPool})
 * rolls back every connection it hands out, and in H2 a rollback empties the session's statement cache: every
 * change's statements were parsed again, 3 to 7% of a change's CPU (docs/PERFORMANCE.md). Here a connection that
 * comes back as callers leave it (auto-commit on, the default isolation) is kept as it is; one that comes back in the
 * middle of a transaction is rolled back and reset first, and one that cannot be is closed.
 * <p>
 * A kept connection is checked before it is handed out again, with a query its session parses once: H2 closes its
 * database for good when a write fails, and the caller must hear so ({@link Database} then opens the file again).
 */
final class EmbeddedPool implements DataSource {

    /** Connections kept beyond this many are closed when they come back. */
    private static final int MAX_IDLE = 16;

    private final JdbcDataSource source = new JdbcDataSource();
    /** Most recently returned first: its session's statement cache is the warmest. */
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private volatile boolean disposed;

    EmbeddedPool(String url) {
        source.setURL(url);
        source.setUser("");
        source.setPassword("");
    }

    /** A connection whose close() gives it back to this pool. */
    @Override
    public Connection getConnection() throws SQLException {
        if (disposed) {
            throw new IllegalStateException("the pool is disposed");
        }
        Connection physical = idle.pollFirst();
        if (physical == null) {
            physical = source.getConnection();
        } else {
            idleCount.decrementAndGet();
            try {
                check(physical);
            } catch (SQLException e) {
                closeQuietly(physical);
                throw e;
            }
        }
        return handle(physical);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the embedded database has one user");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return source.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        source.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        source.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return source.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return source.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    /** Closes every kept connection; connections still handed out are closed when they come back. */
    void dispose() {
        disposed = true;
        for (Connection physical; (physical = idle.pollFirst()) != null; ) {
            idleCount.decrementAndGet();
            closeQuietly(physical);
        }
    }

    /** Fails with H2's own error (DATABASE_IS_CLOSED after a failed write) if the connection can no longer work. */
    private static void check(Connection physical) throws SQLException {
        // Not VALUES 1, which H2 does not cache.
        try (var statement = physical.prepareStatement("SELECT 1"); var result = statement.executeQuery()) {
            result.next();
        }
    }

    private void giveBack(Connection physical) {
        try {
            if (!physical.getAutoCommit()) {
                physical.rollback();
                physical.setAutoCommit(true);
            }
            if (physical.getTransactionIsolation() != Connection.TRANSACTION_READ_COMMITTED) {
                physical.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        } catch (SQLException e) {
            closeQuietly(physical);
            return;
        }
        if (disposed || idleCount.get() >= MAX_IDLE) {
            closeQuietly(physical);
            return;
        }
        idleCount.incrementAndGet();
        idle.offerFirst(physical);
        if (disposed && idle.remove(physical)) { // disposed meanwhile, and dispose() may have missed it
            idleCount.decrementAndGet();
            closeQuietly(physical);
        }
    }

    /** The connection as the caller sees it: closing it gives it back, once; after that it refuses to work. */
    private Connection handle(Connection physical) {
        AtomicBoolean closed = new AtomicBoolean();
        return (Connection) Proxy.newProxyInstance(EmbeddedPool.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, arguments) -> {
                    switch (method.getName()) {
                        case "close" -> {
                            if (closed.compareAndSet(false, true)) {
                                giveBack(physical);
                            }
                            return null;
                        }
                        case "isClosed" -> {
                            return closed.get() || physical.isClosed();
                        }
                        case "equals" -> {
                            return proxy == arguments[0];
                        }
                        case "hashCode" -> {
                            return System.identityHashCode(proxy);
                        }
                        default -> {
                            if (closed.get()) {
                                throw new SQLException("This connection was closed and given back to the pool");
                            }
                        }
                    }
                    try {
                        return method.invoke(physical, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static void closeQuietly(Connection physical) {
        try {
            physical.close();
        } catch (SQLException ignored) {
            // a broken connection: nothing more to do with it
        }
    }
}
