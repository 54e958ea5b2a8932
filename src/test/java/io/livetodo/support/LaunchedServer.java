package io.livetodo.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The packaged WAR (at {@code /livetodo} unless said otherwise) on a server process of the test's own, started the way an operator starts
 * that server, on a port that stays the same across restarts, so that tests can take it away and bring it back
 * while clients keep trying to reconnect. Subclasses say how their server is launched.
 */
public abstract class LaunchedServer implements AutoCloseable {

    public static final String CONTEXT = "/livetodo";
    /**
     * HTTP/1.1 only: the JDK client would upgrade to HTTP/2 and reuse that connection, and a connection made while
     * Payara was still deploying kept answering 404 after the application was up.
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final String name;
    private final int port;
    private final String context;
    private final Path log;
    private Process process;

    protected LaunchedServer(String name, int port) {
        this(name, port, CONTEXT);
    }

    /** A server whose application answers at {@code context} ("" for the root). */
    protected LaunchedServer(String name, int port, String context) {
        this.name = name;
        this.port = port;
        this.context = context;
        this.log = Path.of("target", name + "-" + port + ".log").toAbsolutePath();
    }

    /** The command that runs the server in the foreground, and what it needs in its environment. */
    protected abstract ProcessBuilder command() throws IOException;

    /** Starts the server and waits until the application answers. */
    public void start() throws IOException {
        launch();
        try {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
                }
                return isUp();
            });
        } catch (RuntimeException e) {
            kill(); // nothing of a failed test may outlive it
            throw e;
        }
    }

    /** Starts the server without waiting for the application. */
    protected void launch() throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = command().redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
    }

    /** A new process's environment: only the settings the test gives, none of the test JVM's own. */
    protected static void settings(ProcessBuilder builder, Map<String, String> environment) {
        builder.environment().keySet().removeIf(variable -> variable.startsWith("TODO_"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
    }

    /** A crash: SIGKILL, nothing gets to run. */
    public void kill() {
        if (process != null) {
            List<ProcessHandle> tree = tree();
            tree.forEach(ProcessHandle::destroyForcibly);
            awaitExit(tree, 30);
        }
    }

    /**
     * A graceful stop, as an operator's or an orchestrator's (SIGTERM to the server's JVM): the application is
     * undeployed and its sessions closed.
     */
    public void stop() {
        if (process != null && process.isAlive()) {
            // The JVM, where a start script runs it as its child, and the script.
            List<ProcessHandle> tree = tree();
            tree.forEach(ProcessHandle::destroy);
            if (!awaitExit(tree, 60)) {
                kill();
            }
        }
    }

    private List<ProcessHandle> tree() {
        List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        return tree;
    }

    private static boolean awaitExit(List<ProcessHandle> processes, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (ProcessHandle handle : processes) {
            try {
                handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    protected boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The application answers: 200, or 401 when it requires a login (servers answer 404 until it is deployed). */
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

    /** What the server has written to its console so far. */
    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    protected Path logFile() {
        return log;
    }

    public int port() {
        return port;
    }

    public URI http(String path) {
        return URI.create("http://localhost:" + port + context + "/" + path);
    }

    public URI ws(String query) {
        return URI.create("ws://localhost:" + port + context + "/todo" + (query.isEmpty() ? "" : "?" + query));
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A file the failsafe configuration in pom.xml names by a system property. */
    protected static Path requiredFile(String property) {
        String path = System.getProperty(property);
        if (path == null || !Files.isRegularFile(Path.of(path))) {
            throw new IllegalStateException("System property " + property + " must name an existing file (set by"
                    + " the failsafe configuration in pom.xml); got " + path);
        }
        return Path.of(path);
    }

    /** As {@link #requiredFile}, for a folder. */
    protected static Path requiredDirectory(String property) {
        String path = System.getProperty(property);
        if (path == null || !Files.isDirectory(Path.of(path))) {
            throw new IllegalStateException("System property " + property + " must name an existing folder (set by"
                    + " the failsafe configuration in pom.xml); got " + path);
        }
        return Path.of(path);
    }

    @Override
    public void close() {
        stop();
    }
}
