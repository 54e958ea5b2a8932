package io.livetodo.persist;

import io.livetodo.lifecycle.OwnedThreads;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Holds one connection from the DataSource that {@code LISTEN}s on PostgreSQL channels and hands every notification
 * to a callback, on a thread of its own; what the callback reads from the database, it reads on that same
 * connection. The driver's classes are the server's, not the WAR's: they are reached by reflection from the
 * connection itself, so nothing here depends on which class loader can see them. When the connection fails (a
 * database outage) it connects again every second, and says so once each way.
 */
final class PgListener {

    private static final Logger LOG = Logger.getLogger(PgListener.class.getName());
    /** How long one wait for notifications lasts: also how long a stop waits for the thread. */
    private static final int WAIT_MILLIS = 500;
    private static final long RETRY_MILLIS = 1000;

    /** The driver's interfaces, found at the first connection; see {@link Driver#of}. */
    private record Driver(Class<?> connection, Method getNotifications, Method name, Method parameter) {

        /** Null when the connection is not PostgreSQL's driver or its classes cannot be reached. */
        static Driver of(Connection pooled) {
            for (ClassLoader loader : loaders(pooled)) {
                try {
                    Class<?> pg = Class.forName("org.postgresql.PGConnection", false, loader);
                    Class<?> notification = Class.forName("org.postgresql.PGNotification", false, loader);
                    if (pooled.isWrapperFor(pg)) {
                        return new Driver(pg, pg.getMethod("getNotifications", int.class),
                                notification.getMethod("getName"), notification.getMethod("getParameter"));
                    }
                } catch (ClassNotFoundException | NoSuchMethodException | SQLException | LinkageError e) {
                    // try the next class loader
                }
            }
            return null;
        }

        /**
         * This application's class loader sees the driver on Payara and Tomcat (server libraries); on WildFly the
         * driver is a module or deployment of its own, reached through the physical connection IronJacamar wraps.
         */
        private static Set<ClassLoader> loaders(Connection pooled) {
            Set<ClassLoader> loaders = new LinkedHashSet<>();
            loaders.add(PgListener.class.getClassLoader());
            if (Thread.currentThread().getContextClassLoader() != null) {
                loaders.add(Thread.currentThread().getContextClassLoader());
            }
            try {
                Object physical = pooled.getClass().getMethod("getUnderlyingConnection").invoke(pooled);
                if (physical != null && physical.getClass().getClassLoader() != null) {
                    loaders.add(physical.getClass().getClassLoader());
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not IronJacamar's wrapper
            }
            return loaders;
        }
    }

    private final Database database;
    private final String subject;
    private final String fallback;
    private final List<String> channels;
    private final BiConsumer<String, String> onNotification;
    private final Runnable onListening;
    private final OwnedThreads threads = new OwnedThreads("listen");
    private volatile boolean stopped;
    private volatile boolean listening;
    private volatile boolean unsupported;

    /**
     * @param subject        what the notifications announce, for the log ("other servers' changes")
     * @param fallback       what is done while they do not arrive, for the log
     * @param onNotification given the channel and the payload of every notification
     * @param onListening    run each time listening (re)starts: what was notified before is not delivered
     */
    PgListener(Database database, String subject, String fallback, List<String> channels,
               BiConsumer<String, String> onNotification, Runnable onListening) {
        this.database = database;
        this.subject = subject;
        this.fallback = fallback;
        this.channels = List.copyOf(channels);
        this.onNotification = onNotification;
        this.onListening = onListening;
    }

    void start() {
        threads.newThread(this::run).start();
    }

    void stop() {
        stopped = true;
        threads.stop();
    }

    /** True while notifications arrive: a change committed now will be notified. */
    boolean listening() {
        return listening;
    }

    /** True once it is known that this database or its driver cannot notify: the caller polls instead. */
    boolean unsupported() {
        return unsupported;
    }

    private void run() {
        boolean failing = false;
        while (!stopped) {
            try (Connection connection = database.connection()) {
                Driver driver = Driver.of(connection);
                if (driver == null) {
                    unsupported = true;
                    LOG.warning("Not woken by PostgreSQL notifications of " + subject + ": the application cannot"
                            + " reach the driver's org.postgresql.PGConnection through "
                            + connection.getClass().getName() + "; " + fallback + " instead. Install the"
                            + " PostgreSQL driver as a server library (Payara: --addlibs or lib/; Tomcat: lib/;"
                            + " WildFly: a module or deployment behind the DataSource).");
                    return;
                }
                listen(connection, driver, failing);
                failing = false;
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (stopped) {
                    return;
                }
                if (!failing) {
                    failing = true;
                    LOG.log(Level.WARNING, "Lost PostgreSQL notifications of " + subject + " (" + e + "); "
                            + fallback + " until they are back", e);
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(RETRY_MILLIS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void listen(Connection connection, Driver driver, boolean wasFailing) throws SQLException {
        Object pg = connection.unwrap(driver.connection());
        connection.setAutoCommit(true); // LISTEN takes effect at commit
        try (Statement statement = connection.createStatement()) {
            for (String channel : channels) {
                statement.execute("LISTEN " + channel);
            }
        }
        listening = true;
        LOG.info(wasFailing ? "PostgreSQL notifications of " + subject + " are back"
                : "Woken by PostgreSQL notifications of " + subject + " (" + channels + ")");
        try {
            onListening.run();
            while (!stopped) {
                List<Received> notices = receive(pg, driver);
                if (!notices.isEmpty()) {
                    // What the callback reads, it reads on this connection: it is here and idle between waits.
                    database.onConnection(connection, () -> {
                        notices.forEach(notice -> onNotification.accept(notice.channel(), notice.payload()));
                        return null;
                    });
                }
            }
        } finally {
            listening = false;
            // The connection goes back to the pool: it must not keep collecting notifications nobody reads.
            if (!connection.isClosed()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("UNLISTEN *");
                } catch (SQLException e) {
                    // a dead connection listens to nothing
                }
            }
        }
    }

    private record Received(String channel, String payload) { }

    /** The notifications that arrive within {@link #WAIT_MILLIS}. */
    private static List<Received> receive(Object pg, Driver driver) throws SQLException {
        try {
            Object[] notifications = (Object[]) driver.getNotifications().invoke(pg, WAIT_MILLIS);
            List<Received> received = new ArrayList<>();
            if (notifications != null) {
                for (Object notification : notifications) {
                    received.add(new Received((String) driver.name().invoke(notification),
                            (String) driver.parameter().invoke(notification)));
                }
            }
            return received;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException failed) {
                throw failed;
            }
            throw new SQLException("Reading notifications failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
