package io.livetodo.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged WAR on a Payara Micro process of the test's own, started as the README's {@code java -jar} launch. */
public final class PayaraMicroServer extends LaunchedServer {

    private final Map<String, String> environment;
    private final List<String> arguments;
    /** Where the test keeps the data (todo.data.dir); null to run as a user does, with the default. */
    private final Path dataDirectory;
    private final Path userHome;

    private PayaraMicroServer(int port, Map<String, String> environment, List<String> arguments, Path userHome) {
        super("payara-micro", port);
        this.environment = environment;
        this.arguments = arguments;
        this.userHome = userHome;
        this.dataDirectory = userHome != null ? null
                : Path.of("target", "data", "payara-micro-" + port).toAbsolutePath();
    }

    private PayaraMicroServer(int port, Map<String, String> environment, List<String> arguments) {
        this(port, environment, arguments, null);
    }

    /**
     * Starts the WAR as the README's {@code java -jar} launch does, with no data setting at all, for a user whose
     * home directory is {@code userHome} (the JVM reads it from the password database, so it is passed as
     * {@code user.home}).
     */
    public static PayaraMicroServer startAsUser(Path userHome) throws IOException {
        PayaraMicroServer server = new PayaraMicroServer(freePort(), Map.of(), List.of(), userHome);
        server.start();
        return server;
    }

    /** Starts the WAR of this build and waits until it answers; the environment reaches the application. */
    public static PayaraMicroServer start(Map<String, String> environment) throws IOException {
        return start(environment, List.of());
    }

    /** As {@link #start(Map)}, with more Payara Micro command-line arguments. */
    public static PayaraMicroServer start(Map<String, String> environment, List<String> arguments)
            throws IOException {
        PayaraMicroServer server = new PayaraMicroServer(freePort(), environment, arguments);
        server.start();
        return server;
    }

    /** A server whose deployment is expected to fail; its log is readable while it runs. */
    public record Failed(PayaraMicroServer server) {
        public String log() throws IOException {
            return server.log();
        }
    }

    /** Starts Payara Micro without waiting for the application, which is expected not to come up. */
    public static Failed startExpectingFailure(Map<String, String> environment) throws IOException {
        return startExpectingFailure(environment, List.of());
    }

    public static Failed startExpectingFailure(Map<String, String> environment, List<String> arguments)
            throws IOException {
        PayaraMicroServer server = new PayaraMicroServer(freePort(), environment, arguments);
        server.launch();
        return new Failed(server);
    }

    @Override
    protected ProcessBuilder command() {
        String jar = requiredFile("payara.micro.jar").toString();
        String war = requiredFile("livetodo.war").toString();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        if (userHome != null) {
            command.add("-Duser.home=" + userHome.toAbsolutePath());
        }
        command.addAll(List.of("-jar", jar, "--deploy", war, "--contextroot", CONTEXT, "--port", String.valueOf(port()),
                "--nocluster", "--disablephonehome"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        settings(builder, Map.of());
        if (dataDirectory != null) {
            builder.environment().put("TODO_DATA_DIR", dataDirectory.toString()); // kept across stop() and start()
        }
        builder.environment().putAll(environment);
        return builder;
    }

    /** The arguments that give Payara Micro a JDBC pool bound at {@code jndiName}, as an operator would. */
    public static List<String> dataSource(String jndiName, String driverJar, String dataSourceClass,
                                          String properties) throws IOException {
        Path commands = Files.createTempFile(Path.of("target"), "payara-datasource-", ".asadmin");
        String pool = "livetodo-pool";
        // Validated on every hand-out, and all of a pool's connections dropped when one fails: after a database
        // outage the pool must not keep handing out the dead connections (the README's recipe, word for word).
        Files.writeString(commands, "create-jdbc-connection-pool --datasourceclassname " + dataSourceClass
                + " --restype javax.sql.DataSource --isconnectvalidatereq=true --validationmethod=custom-validation"
                + " --validationclassname=org.glassfish.api.jdbc.validation.PostgresConnectionValidation"
                + " --failconnection=true --property " + properties + " " + pool + "\n"
                + "create-jdbc-resource --connectionpoolid " + pool + " " + jndiName + "\n");
        return List.of("--addlibs", driverJar, "--postbootcommandfile", commands.toString());
    }

    /** {@link #dataSource} for a new database on the private PostgreSQL, with its driver. */
    public static List<String> postgresDataSource(String jndiName, PrivatePostgres postgres) throws Exception {
        return dataSource(jndiName, PrivatePostgres.driverJar().toString(), "org.postgresql.ds.PGSimpleDataSource",
                "serverName=127.0.0.1:portNumber=" + postgres.port() + ":databaseName=" + postgres.createDatabase()
                        + ":user=todo:password=unused");
    }

    /**
     * The arguments that create users in Payara's file realm, as an operator's asadmin commands would; each user's
     * password is its name followed by {@code -secret}. {@code groups} per user, colon-separated.
     */
    public static List<String> fileRealmUsers(Map<String, String> groups) throws IOException {
        Path directory = Files.createTempDirectory(Path.of("target"), "payara-users-");
        List<String> commands = new ArrayList<>();
        for (Map.Entry<String, String> user : groups.entrySet()) {
            Path password = directory.resolve(user.getKey() + ".password");
            Files.writeString(password, "AS_ADMIN_USERPASSWORD=" + user.getKey() + "-secret\n");
            commands.add("create-file-user --groups " + user.getValue() + " --passwordfile "
                    + password.toAbsolutePath() + " " + user.getKey());
        }
        Path file = directory.resolve("users.asadmin");
        Files.write(file, commands);
        return List.of("--postbootcommandfile", file.toAbsolutePath().toString());
    }
}
