package io.livetodo.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The packaged WAR on a Payara Micro process of the test's own, on a port that stays the same across restarts, so
 * that tests can take the server away and bring it back while clients (and browsers) keep trying to reconnect.
 */
public final class PayaraMicroServer implements AutoCloseable {

    public static final String CONTEXT = "/livetodo";
    /**
     * HTTP/1.1 only: the JDK client would upgrade to HTTP/2 and reuse that connection, and a connection made while
     * Payara was still deploying kept answering 404 after the application was up.
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final int port;
    private final Map<String, String> environment;
    private final List<String> arguments;
    private final Path log;
    /** Where the test keeps the data (todo.data.dir); null to run as a user does, with the default. */
    private final Path dataDirectory;
    private final Path userHome;
    private Process process;

    private PayaraMicroServer(int port, Map<String, String> environment, List<String> arguments, Path userHome) {
        this.port = port;
        this.environment = environment;
        this.arguments = arguments;
        this.log = Path.of("target", "payara-micro-" + port + ".log");
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
            return Files.exists(server.log) ? Files.readString(server.log) : "";
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

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public void start() throws IOException {
        launch();
        try {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + "; see "
                            + log);
                }
                return isUp();
            });
        } catch (RuntimeException e) {
            process.destroyForcibly(); // nothing of a failed test may outlive it
            throw e;
        }
    }

    private void launch() throws IOException {
        String jar = requiredFile("payara.micro.jar");
        String war = requiredFile("livetodo.war");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        if (userHome != null) {
            command.add("-Duser.home=" + userHome.toAbsolutePath());
        }
        command.addAll(List.of("-jar", jar, "--deploy", war, "--contextroot", CONTEXT, "--port", String.valueOf(port),
                "--nocluster", "--disablephonehome"));
        command.addAll(arguments);
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("TODO_"));
        if (dataDirectory != null) {
            builder.environment().put("TODO_DATA_DIR", dataDirectory.toString()); // kept across stop() and start()
        }
        builder.environment().putAll(environment);
        process = builder.start();
    }

    /** A crash: SIGKILL, nothing gets to run. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** A graceful stop, as an operator's: the application is undeployed and its sessions closed. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The application answers: 200, or 401 when it requires a login (Payara answers 404 until it is deployed). */
    public boolean isUp() {
        try {
            int status = HTTP.send(HttpRequest.newBuilder(http("status")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 || status == 401;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What the server has logged so far. */
    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    public int port() {
        return port;
    }

    public URI http(String path) {
        return URI.create("http://localhost:" + port + CONTEXT + "/" + path);
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

    public URI ws(String query) {
        return URI.create("ws://localhost:" + port + CONTEXT + "/todo" + (query.isEmpty() ? "" : "?" + query));
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static String requiredFile(String property) {
        String path = System.getProperty(property);
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException("System property " + property + " must name an existing file (set by"
                    + " the failsafe configuration in pom.xml); got " + path);
        }
        return path;
    }
}
