package io.livetodo.persist;

import io.livetodo.config.Setting;
import io.livetodo.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The database: the operator's JNDI DataSource ({@code todo.datasource}) or, by default, an embedded H2 database file
 * in the data directory ({@code todo.data.dir}). Opened, checked and migrated when the application starts, so that a
 * wrong setting fails the deployment with a message instead of running without storage; closed when it stops, so a
 * redeploy can open the same file again.
 */
@ApplicationScoped
public class Database {

    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    private Settings settings;
    private DataSource dataSource;
    private String description;
    private volatile EmbeddedPool embedded;
    private String embeddedUrl;
    private long lastReopenLog = System.nanoTime() - TimeUnit.MINUTES.toNanos(2);
    private boolean postgres;
    private String product;

    /** For the CDI proxy only. */
    protected Database() {
    }

    @Inject
    public Database(Settings settings) {
        this.settings = settings;
    }

    /** A database on a DataSource the caller provides and owns (tests). */
    public Database(DataSource dataSource, String description) {
        this(dataSource, description, Settings.of(Map.of()));
    }

    /** The same, with settings (e.g. {@code todo.sync.notify}). */
    public Database(DataSource dataSource, String description, Settings settings) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.description = description;
    }

    private volatile boolean closed;

    /**
     * The database and the version of its driver's engine as it runs here, e.g. {@code H2 2.5.252 (2025-...)}: on
     * Payara the WAR's H2 must be the one that runs, not the server's own (see WEB-INF/glassfish-web.xml).
     */
    public String product() {
        return product;
    }

    /** Opens the database at deployment rather than at the first request. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        LOG.info(() -> "Todos are stored in " + description + ", " + product);
    }

    @PostConstruct
    public void open() {
        String jndiName = settings.string(Setting.DATASOURCE);
        if (dataSource != null) {
            // given by the caller
        } else if (jndiName != null) {
            dataSource = lookup(jndiName);
            description = "the JNDI DataSource " + jndiName;
        } else {
            Path directory = dataDirectory();
            // DB_CLOSE_ON_EXIT=FALSE: closed by close(), not by a JVM shutdown hook, which would outlive an undeployed
            // application. WRITE_DELAY=0: a commit reaches the file before it returns, so an acknowledged change
            // survives the process being killed (by default H2 writes up to half a second later).
            embeddedUrl = "jdbc:h2:file:" + directory.resolve("livetodo").toAbsolutePath()
                    + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
            embedded = new EmbeddedPool(embeddedUrl);
            dataSource = embedded;
            description = "the embedded H2 database in " + directory.toAbsolutePath()
                    + " (set todo.data.dir to move it)";
        }
        try (Connection connection = connection()) {
            connection.isValid(5);
            postgres = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
            product = connection.getMetaData().getDatabaseProductName() + " "
                    + connection.getMetaData().getDatabaseProductVersion();
            if (embedded != null) {
                // H2 makes its file with the process's umask (usually 644): every local user could read every list.
                ownerOnly(Path.of(embeddedUrl.substring("jdbc:h2:file:".length(), embeddedUrl.indexOf(';'))
                        + ".mv.db"), OWNER_ONLY_FILE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to " + description + ": " + e.getMessage() + ". "
                    + (embedded == null ? "Check that the database is running and reachable with the DataSource's"
                    + " settings in the server, or change todo.datasource (environment TODO_DATASOURCE)."
                    : "Check todo.data.dir (environment TODO_DATA_DIR)."), e);
        }
        try {
            // The scripts are handed over by name and no location is given, so Flyway never scans a class path
            // (which differs on every server).
            Flyway flyway = Flyway.configure(Database.class.getClassLoader()).dataSource(dataSource)
                    .locations(new String[0])
                    .resourceProvider(new MigrationScripts())
                    .load();
            adoptScriptsRunByEarlierBuilds(flyway);
            flyway.migrate();
        } catch (RuntimeException | SQLException e) {
            throw new IllegalStateException("Cannot create or migrate the schema in " + description + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Earlier builds ran these same scripts through Java migrations of their own ({@code V1__Todos}, {@code V2__Authors}),
     * which Flyway recorded with the type JDBC and no checksum; Flyway would now count those as missing and the scripts
     * as pending. Those records, and only those, are rewritten to name the scripts, and Flyway's repair fills in their
     * checksums and descriptions. The schema itself is already what the scripts make.
     */
    private void adoptScriptsRunByEarlierBuilds(Flyway flyway) throws SQLException {
        List<String> recordedAsJava = Arrays.stream(flyway.info().applied())
                .filter(m -> m.getType() != null && "JDBC".equals(m.getType().name())
                        && EARLIER_JAVA_MIGRATIONS.containsKey(m.getScript()))
                .map(MigrationInfo::getScript).collect(Collectors.toList());
        if (recordedAsJava.isEmpty()) {
            return;
        }
        LOG.info(() -> "Recording " + recordedAsJava + " in " + description
                + " as the SQL scripts they ran (an earlier build recorded them as Java migrations)");
        try (Connection connection = connection();
             PreparedStatement update = connection.prepareStatement("UPDATE \"" + flyway.getConfiguration().getTable()
                     + "\" SET \"type\" = 'SQL', \"script\" = ? WHERE \"type\" = 'JDBC' AND \"script\" = ?")) {
            for (String javaMigration : recordedAsJava) {
                update.setString(1, EARLIER_JAVA_MIGRATIONS.get(javaMigration));
                update.setString(2, javaMigration);
                update.executeUpdate();
            }
        }
        flyway.repair();
    }

    /** The Java migrations of earlier builds, by the script each of them ran. */
    private static final Map<String, String> EARLIER_JAVA_MIGRATIONS = Map.of(
            "io.livetodo.persist.V1__Todos", "V1__todos.sql",
            "io.livetodo.persist.V2__Authors", "V2__authors.sql");

    @PreDestroy
    public void close() {
        closed = true;
        synchronized (this) { // not while embeddedConnection() opens the file again
            if (embedded != null) {
                try (Connection connection = embedded.getConnection();
                     Statement statement = connection.createStatement()) {
                    statement.execute("SHUTDOWN");
                } catch (SQLException e) {
                    LOG.log(Level.WARNING, "Closing " + description + " failed", e);
                }
                embedded.dispose();
            }
        }
        // H2's driver registers itself when loaded; from this application's class loader it would pin it after
        // undeploy. Only that driver: others on the same class path belong to whoever put them there.
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver instanceof org.h2.Driver && driver.getClass().getClassLoader() == Database.class.getClassLoader()) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException e) {
                    LOG.log(Level.WARNING, "Deregistering " + driver + " failed", e);
                }
            }
        }
    }

    /** A connection this thread already holds (see {@link #onConnection}); a field, not static: one per deployment. */
    private final ThreadLocal<Connection> lent = new ThreadLocal<>();

    /**
     * Runs {@code work} with {@link #connection()} handing out {@code held} on this thread (its close() ignored):
     * a thread that holds a connection anyway (the notification listener) reads on it, without a second trip to
     * the pool and its validation query.
     */
    <T> T onConnection(Connection held, java.util.function.Supplier<T> work) {
        lent.set(held);
        try {
            return work.get();
        } finally {
            lent.remove();
        }
    }

    public Connection connection() throws SQLException {
        if (closed) {
            throw new SQLException(description + " is closed");
        }
        Connection held = lent.get();
        if (held != null) {
            return (Connection) java.lang.reflect.Proxy.newProxyInstance(Database.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, arguments) -> {
                        if (method.getName().equals("close")) {
                            return null; // its holder closes it
                        }
                        try {
                            return method.invoke(held, arguments);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
        try {
            return embedded != null ? embeddedConnection() : dataSource.getConnection();
        } catch (IllegalStateException closed) {
            // H2's pool after dispose(); callers handle SQLException as "storage unavailable".
            throw new SQLException(description + " is closed", closed);
        }
    }

    /**
     * H2 closes its database for good when a write fails (a full disk, an I/O error), and every pooled connection
     * then fails. What was committed is in the file, so the file is opened again, once there is room, rather than
     * leaving the application without storage until a restart.
     */
    private Connection embeddedConnection() throws SQLException {
        EmbeddedPool pool = embedded;
        try {
            return pool.getConnection(); // a kept connection is checked first, which fails once H2 closed
        } catch (SQLException e) {
            if (e.getErrorCode() != DATABASE_IS_CLOSED) {
                throw e;
            }
        }
        synchronized (this) {
            if (closed) {
                throw new SQLException(description + " is closed");
            }
            if (embedded == pool) {
                // Once per minute at most: with the disk still full, every change closes it again.
                Level level = System.nanoTime() - lastReopenLog > TimeUnit.MINUTES.toNanos(1) ? Level.WARNING
                        : Level.FINE;
                lastReopenLog = System.nanoTime();
                LOG.log(level, () -> "The embedded database was closed by H2 after a write failed (is the disk"
                        + " full?); opening " + description + " again");
                pool.dispose();
                embedded = new EmbeddedPool(embeddedUrl);
                dataSource = embedded;
            }
            return embedded.getConnection();
        }
    }

    /** Whether this is PostgreSQL, whose {@code LISTEN/NOTIFY} can wake the other nodes. */
    public boolean isPostgres() {
        return postgres;
    }

    /** Whether stored changes wake the other nodes: on PostgreSQL unless {@code todo.sync.notify} is false. */
    public boolean notifies() {
        return postgres && settings.flag(Setting.SYNC_NOTIFY);
    }

    /** H2's ErrorCode.DATABASE_IS_CLOSED. */
    private static final int DATABASE_IS_CLOSED = 90098;

    public String description() {
        return description;
    }

    private static DataSource lookup(String jndiName) {
        try {
            Object bound = new InitialContext().lookup(jndiName);
            if (bound instanceof DataSource found) {
                return found;
            }
            throw new IllegalStateException("todo.datasource (environment TODO_DATASOURCE) names '" + jndiName
                    + "', which is bound to " + bound.getClass().getName() + ", not to a javax.sql.DataSource");
        } catch (NamingException e) {
            throw new IllegalStateException("todo.datasource (environment TODO_DATASOURCE) names the JNDI DataSource '"
                    + jndiName + "', but the server has none by that name (" + e.getMessage() + "). Define it in the"
                    + " server, or remove the setting to use the embedded H2 database.", e);
        }
    }

    /**
     * {@code todo.data.dir}, else the server's own data directory where one is known and lasts (WildFly's
     * {@code jboss.server.data.dir}, Tomcat's, Payara Server's and GlassFish's {@code catalina.base}), else
     * {@code ~/.livetodo}. A server directory inside the system's temporary folder is passed over, and the log says
     * so: Payara Micro points {@code catalina.base} at a runtime folder there that is new at every start, and todos
     * stored in it would be gone after a restart.
     */
    private Path dataDirectory() {
        String configured = settings.string(Setting.DATA_DIR);
        Path directory;
        if (configured != null) {
            directory = Path.of(configured);
        } else {
            directory = serverDataDirectory();
            if (directory == null) {
                directory = Path.of(System.getProperty("user.home"), ".livetodo");
            }
        }
        try {
            boolean created = !Files.exists(directory);
            Files.createDirectories(directory);
            if (created || configured == null) {
                // Ours (made now, or the default folder an earlier build made 755): only this user may list it.
                // A folder the operator named keeps the permissions the operator gave it.
                ownerOnly(directory, OWNER_ONLY_DIRECTORY);
            }
        } catch (IOException e) {
            throw unwritable(directory, e.toString());
        }
        if (!Files.isWritable(directory)) {
            throw unwritable(directory, "not writable by this process");
        }
        return directory;
    }

    /** The server's own data directory for this application, or null where there is none that outlives a restart. */
    private static Path serverDataDirectory() {
        Path directory;
        if (System.getProperty("jboss.server.data.dir") != null) {
            directory = Path.of(System.getProperty("jboss.server.data.dir"), "livetodo");
        } else if (System.getProperty("catalina.base") != null) {
            directory = Path.of(System.getProperty("catalina.base"), "data", "livetodo");
        } else {
            return null;
        }
        if (isTemporary(directory)) {
            Path passedOver = directory;
            LOG.info(() -> "Not storing todos in the server's folder " + passedOver.toAbsolutePath() + ": it is inside"
                    + " the system's temporary folder (" + System.getProperty("java.io.tmpdir") + ") and would not"
                    + " survive a restart; using ~/.livetodo instead (set todo.data.dir to choose)");
            return null;
        }
        return directory;
    }

    private static boolean isTemporary(Path directory) {
        Path temporary = realPath(Path.of(System.getProperty("java.io.tmpdir")));
        return realPath(directory).startsWith(temporary);
    }

    /** The path with links resolved as far as it exists. */
    private static Path realPath(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        for (Path existing = absolute; existing != null; existing = existing.getParent()) {
            if (Files.exists(existing)) {
                try {
                    return existing.toRealPath().resolve(existing.relativize(absolute));
                } catch (IOException e) {
                    return absolute;
                }
            }
        }
        return absolute;
    }

    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    /** Where the file system has POSIX permissions (not on Windows, whose folders under the profile are private). */
    private static void ownerOnly(Path path, Set<PosixFilePermission> permissions) {
        try {
            if (Files.exists(path)
                    && Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(path, permissions);
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warning(() -> "Could not make " + path.toAbsolutePath() + " private to this user: " + e);
        }
    }

    private static IllegalStateException unwritable(Path directory, String reason) {
        return new IllegalStateException("The data directory " + directory.toAbsolutePath() + " cannot be used ("
                + reason + "). Set todo.data.dir (environment TODO_DATA_DIR) to a writable directory, or"
                + " todo.datasource to a JNDI DataSource.");
    }
}
