package io.livetodo.persist;

import io.livetodo.support.PayaraMicroServer;
import io.livetodo.support.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The default server, launched exactly as the README says and with no data setting at all, keeps what it
 * acknowledged across a crash: Payara Micro's own folders are temporary, so the default must not be one of them.
 * Each launch runs for a user whose home is a fresh folder, where the todos must end up.
 */
class DefaultDataDirectoryIT {

    private static final int TODOS = 300;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void java_jar_launch_keeps_acknowledged_todos_across_kill_9_in_the_users_home() throws Exception {
        Path home = freshHome("java-jar");
        try (PayaraMicroServer server = PayaraMicroServer.startAsUser(home)) {
            Set<String> acknowledged = addTodos(server.ws("list=kept"));
            server.kill();
            server.start();
            assertThat(titles(server.ws("list=kept"))).isEqualTo(acknowledged);
            assertThat(server.log()).contains("Todos are stored in the embedded H2 database in "
                    + home.resolve(".livetodo"));
        }
        assertPrivate(home.resolve(".livetodo"));
    }

    @Test
    void readme_command_1_keeps_acknowledged_todos_across_kill_9_in_the_users_home() throws Exception {
        Path home = freshHome("readme-command-1");
        Path project = copyOfThisProject(Files.createTempDirectory(home.getParent(), "readme-command-1-project-"));
        int port = PayaraMicroServer.freePort();
        Path log = project.resolve("readme-command-1.log");
        URI ws = URI.create("ws://localhost:" + port + "/todo?list=kept");

        Process maven = readmeCommand1(project, home, port, log);
        try {
            awaitUp(maven, port, log);
            Set<String> acknowledged = addTodos(ws);
            killPayara(maven);
            maven.waitFor(60, TimeUnit.SECONDS);

            maven = readmeCommand1(project, home, port, log);
            awaitUp(maven, port, log);
            assertThat(titles(ws)).isEqualTo(acknowledged);
            // At the root, /health is the application's, not Payara Micro's own (which would answer UP with no
            // checks, whatever the application's state).
            HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"name\":\"storage\",\"status\":\"UP\"");
            assertThat(Files.readString(log)).contains("Todos are stored in the embedded H2 database in "
                    + home.resolve(".livetodo"));
        } finally {
            killPayara(maven);
            maven.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
        }
        assertPrivate(home.resolve(".livetodo"));
    }

    /** The folder (700) and the database file (600): other local users cannot read the lists. */
    private static void assertPrivate(Path dataDirectory) throws IOException {
        assertThat(dataDirectory.resolve("livetodo.mv.db")).isRegularFile();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDirectory)))
                .isEqualTo("rwx------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDirectory.resolve("livetodo.mv.db")))).isEqualTo("rw-------");
    }

    /** {@code mvn -DskipTests package payara-micro:start}, as a user whose home directory is {@code home}. */
    private static Process readmeCommand1(Path project, Path home, int port, Path log) throws IOException {
        String mvn = Path.of(System.getProperty("maven.home"), "bin", "mvn").toString();
        ProcessBuilder builder = new ProcessBuilder(mvn, "-B", "-ntp",
                // The user's own Maven repository: the downloads are already there.
                "-Dmaven.repo.local=" + System.getProperty("maven.repo.local"),
                // The README's port is 8080; a test must not take it from whoever uses it.
                "-Dhttp.port=" + port,
                "-DskipTests", "package", "payara-micro:start")
                .directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("TODO_"));
        // Every JVM of the launch, Maven's and Payara Micro's, sees this home (the JVM reads user.home from the
        // password database, not from $HOME).
        builder.environment().put("JAVA_TOOL_OPTIONS", "-Duser.home=" + home);
        return builder.start();
    }

    private static void awaitUp(Process maven, int port, Path log) {
        URI status = URI.create("http://localhost:" + port + "/status");
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!maven.isAlive()) {
                throw new IllegalStateException("README command 1 ended with " + maven.exitValue() + "; see " + log);
            }
            try {
                return HTTP.send(HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    /** SIGKILL to the Payara Micro JVM that Maven started: a crash, nothing gets to run. */
    private static void killPayara(Process maven) throws InterruptedException {
        List<ProcessHandle> payara = maven.descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("payara-micro")).orElse(false)).toList();
        for (ProcessHandle process : payara) {
            process.destroyForcibly();
        }
        for (ProcessHandle process : payara) {
            process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        }
    }

    private static Set<String> addTodos(URI ws) {
        Set<String> acknowledged = new HashSet<>();
        try (WsClient client = WsClient.json(ws)) {
            client.nextOfType("snapshot");
            for (int i = 0; i < TODOS; i++) {
                client.send(Json.createObjectBuilder().add("type", "add").add("title", "kept " + i)
                        .add("ref", String.valueOf(i)).build().toString());
            }
            for (int i = 0; i < TODOS; i++) {
                JsonObject ack = client.nextOfType("ack");
                assertThat(ack.getInt("changes")).isEqualTo(1);
                acknowledged.add("kept " + ack.getString("ref"));
            }
        }
        assertThat(acknowledged).hasSize(TODOS);
        return acknowledged;
    }

    private static Set<String> titles(URI ws) {
        Set<String> titles = new HashSet<>();
        try (WsClient client = WsClient.json(ws)) {
            client.nextOfType("snapshot").getJsonArray("todos").getValuesAs(JsonObject.class)
                    .forEach(todo -> titles.add(todo.getString("title")));
        }
        return titles;
    }

    private static Path freshHome(String name) throws IOException {
        Path homes = Files.createDirectories(Path.of("target", "homes").toAbsolutePath());
        return Files.createTempDirectory(homes, name + "-");
    }

    /**
     * The sources and build of this project, as a user's checkout has them: the benchmark's too, which the build
     * compiles with the tests (its own output, bench/target, is left out).
     */
    private static Path copyOfThisProject(Path target) throws IOException {
        Path root = Path.of("").toAbsolutePath();
        Files.copy(root.resolve("pom.xml"), target.resolve("pom.xml"));
        Path benchOutput = root.resolve("bench").resolve("target");
        try (Stream<Path> files = Stream.concat(Files.walk(root.resolve("src")), Files.walk(root.resolve("bench"))
                .filter(file -> !file.startsWith(benchOutput)))) {
            files.forEach(file -> {
                try {
                    Path copy = target.resolve(root.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(file, copy);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return target;
    }
}
