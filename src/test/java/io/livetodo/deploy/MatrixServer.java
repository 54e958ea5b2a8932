package io.livetodo.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The server of the current failsafe execution (system property {@code arquillian.launch}) as seen from outside:
 * its port, its process, its logs and, for Tomcat, its manager's leak report.
 */
final class MatrixServer {

    final String kind;
    final Path home;
    final int httpPort;

    private MatrixServer(String kind, Path home, int httpPort) {
        this.kind = kind;
        this.home = home;
        this.httpPort = httpPort;
    }

    static MatrixServer current() {
        String kind = System.getProperty("arquillian.launch", "payara-micro");
        return switch (kind) {
            case "wildfly" -> new MatrixServer(kind, Path.of(System.getProperty("wildfly.home")),
                    8080 + Integer.getInteger("wildfly.port-offset"));
            case "tomcat" -> new MatrixServer(kind, Path.of(System.getProperty("tomcat.home")),
                    Integer.getInteger("tomcat.test.port"));
            default -> throw new IllegalStateException("no redeploy support for " + kind);
        };
    }

    URI http(String path) {
        return URI.create("http://localhost:" + httpPort + "/livetodo/" + path);
    }

    URI ws(String query) {
        return URI.create("ws://localhost:" + httpPort + "/livetodo/todo?" + query);
    }

    /** The server's JVM: the one process whose command line names this server's home. */
    ProcessHandle process() {
        String marker = home.toAbsolutePath().normalize().toString();
        List<ProcessHandle> candidates = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker) && c.contains("java")).orElse(false))
                .toList();
        if (candidates.size() != 1) {
            throw new IllegalStateException("expected one " + kind + " process, found " + candidates);
        }
        return candidates.get(0);
    }

    /** Names of the live threads of the server's JVM, from the JDK's jcmd. */
    List<String> threadNames() throws IOException, InterruptedException {
        String output = jcmd("Thread.print");
        List<String> names = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("\"")) {
                names.add(line.substring(1, line.indexOf('"', 1)));
            }
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("no thread dump from jcmd: " + output);
        }
        return names;
    }

    /**
     * The class loaders that still hold classes of this application after a garbage collection, from
     * {@code jcmd VM.class_hierarchy} (each line ends with {@code /<loader address>}). Every undeployed copy that
     * something outside the application still references shows up as one loader.
     */
    java.util.Set<String> applicationClassLoaders() throws IOException, InterruptedException {
        jcmd("GC.run");
        return jcmd("VM.class_hierarchy").lines().filter(line -> line.contains("io.livetodo."))
                .map(line -> line.replace("(intf)", "").strip())
                .map(line -> line.substring(line.lastIndexOf('/') + 1))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Dumps the server's heap into target/ and returns the file. */
    Path heapDump() throws IOException, InterruptedException {
        Path file = Path.of("target", "leak-" + kind + "-" + System.currentTimeMillis() + ".hprof").toAbsolutePath();
        jcmd("GC.heap_dump " + file);
        return file;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> arguments = new ArrayList<>(List.of(jcmd.toString(), String.valueOf(process().pid())));
        arguments.addAll(List.of(command.split(" ")));
        Process process = new ProcessBuilder(arguments)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return output;
    }

    /** Sizes of the server's log files now, to read later only what was written after. */
    Map<Path, Long> logMarks() throws IOException {
        Map<Path, Long> marks = new TreeMap<>();
        for (Path log : logFiles()) {
            marks.put(log, Files.size(log));
        }
        return marks;
    }

    /** Log lines written since the marks. */
    List<String> logLinesSince(Map<Path, Long> marks) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path log : logFiles()) {
            byte[] bytes = Files.readAllBytes(log);
            int from = (int) Math.min(bytes.length, marks.getOrDefault(log, 0L));
            lines.addAll(List.of(new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8).split("\n")));
        }
        return lines;
    }

    private List<Path> logFiles() throws IOException {
        Path dir = kind.equals("wildfly") ? home.resolve("standalone/log") : home.resolve("logs");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /**
     * Reloads the deployed application in place, as an operator's console does: Tomcat's manager {@code reload},
     * WildFly's {@code redeploy} operation through its CLI (local authentication, as the server's own user).
     */
    void reload(String warName) throws IOException, InterruptedException {
        if (kind.equals("wildfly")) {
            int managementPort = 9990 + Integer.getInteger("wildfly.port-offset");
            Process cli = new ProcessBuilder(home.resolve("bin/jboss-cli.sh").toString(), "--connect",
                    "--controller=remote+http://localhost:" + managementPort,
                    "--command=/deployment=" + warName + ":redeploy").redirectErrorStream(true).start();
            String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!cli.waitFor(120, TimeUnit.SECONDS) || cli.exitValue() != 0 || !output.contains("success")) {
                throw new IllegalStateException("redeploy of " + warName + " failed: " + output);
            }
        } else {
            String context = "/" + warName.replace(".war", "");
            String answer = manager("reload?path=" + context);
            if (!answer.startsWith("OK")) {
                throw new IllegalStateException("reload of " + context + " failed: " + answer);
            }
        }
    }

    /** Tomcat's manager: "OK - No memory leaks found" or the contexts that leaked after being stopped. */
    String findLeaks() throws IOException, InterruptedException {
        return manager("findleaks?statusLine=true");
    }

    /** A command of Tomcat's manager text API, as the {@code manager-script} user the tests configure. */
    private String manager(String command) throws IOException, InterruptedException {
        String auth = Base64.getEncoder().encodeToString("arquillian:arquillian".getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + httpPort + "/manager/text/" + command))
                .header("Authorization", "Basic " + auth).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body().strip();
    }
}
