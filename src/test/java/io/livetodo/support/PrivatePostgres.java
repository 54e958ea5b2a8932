package io.livetodo.support;

import org.postgresql.ds.PGConnectionPoolDataSource;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own: Debian's binaries (installed by src/test/scripts/ensure-postgresql.sh when
 * missing), a fresh cluster in a temporary directory, listening on loopback only, on a free port; stopped and
 * deleted by {@link #close()}. Each {@link #newDatabase()} is empty.
 */
public final class PrivatePostgres implements AutoCloseable {

    private final Path bin;
    private final Path directory;
    private final Path data;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    private PrivatePostgres(Path bin, Path directory, int port) {
        this.bin = bin;
        this.directory = directory;
        this.data = directory.resolve("data");
        this.port = port;
    }

    private static PrivatePostgres shared;

    /** The PostgreSQL JDBC driver's jar, as an operator adds it to a server (--addlibs, lib/). */
    public static Path driverJar() {
        try {
            return Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One server for every test class of this JVM, started on first use and stopped when the JVM exits (the tests
     * each take a fresh database, so they do not see each other's data).
     */
    public static synchronized PrivatePostgres shared() throws IOException, InterruptedException {
        if (shared == null) {
            PrivatePostgres started = start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException | InterruptedException e) {
                    System.err.println("Stopping the test PostgreSQL failed: " + e);
                }
            }, "stop-test-postgresql"));
            shared = started;
        }
        return shared;
    }

    public static PrivatePostgres start() throws IOException, InterruptedException {
        PrivatePostgres postgres = new PrivatePostgres(binaries(), Files.createTempDirectory("livetodo-pg-"),
                PayaraMicroServer.freePort());
        postgres.directory.toFile().setWritable(true, false);
        if (isRoot()) {
            run(List.of("chown", "postgres", postgres.directory.toString()));
        }
        run(postgres.asPostgres(postgres.bin.resolve("initdb").toString(), "-D", postgres.data.toString(),
                "-A", "trust", "-U", "todo", "--no-sync", "-E", "UTF8"));
        postgres.startServer();
        return postgres;
    }

    /** Starts the server again after {@link #stopServer()}, on the same port with the same data. */
    public void startServer() throws IOException, InterruptedException {
        run(asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(),
                "-l", directory.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
    }

    /** An outage: the server stops (its clients' connections are cut) and refuses new ones until started again. */
    public void stopServer() throws IOException, InterruptedException {
        run(asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
    }

    /** An empty database on this server, pooled as a server's DataSource would be. */
    public DataSource newDatabase() throws SQLException {
        String name = createDatabase();
        PGConnectionPoolDataSource pooled = new PGConnectionPoolDataSource();
        configure(pooled, name);
        return org.h2.jdbcx.JdbcConnectionPool.create(pooled);
    }

    /** Creates an empty database on this server and returns its name (user {@code todo}, no password). */
    public String createDatabase() throws SQLException {
        String name = "livetodo_" + databases.incrementAndGet();
        try (Connection admin = dataSource("postgres").getConnection(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    public int port() {
        return port;
    }

    private DataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        configure(dataSource, database);
        return dataSource;
    }

    private void configure(org.postgresql.ds.common.BaseDataSource dataSource, String database) {
        dataSource.setServerNames(new String[] {"127.0.0.1"});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName(database);
        dataSource.setUser("todo");
    }

    public String description() {
        return "PostgreSQL on 127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                stopServer();
            }
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
            }
        }
    }

    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Path newest = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString())))
                        .orElse(null);
                if (newest != null) {
                    return newest;
                }
            }
        }
        throw new IllegalStateException("PostgreSQL is not installed: the tests need Debian's postgresql package"
                + " (src/test/scripts/ensure-postgresql.sh installs it)");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** PostgreSQL refuses to run as root: as root, run its tools as the postgres user. */
    private List<String> asPostgres(String... command) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }
}
