package io.livetodo.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Debian's nginx in front of several nodes, with the README's configuration ({@code deploy/nginx.conf}) word for word
 * but for the two things that differ on a test machine: the nodes' addresses and the port it listens on. Runs in the
 * foreground in a folder of its own under {@code target/}, so nothing of the system's nginx is used or touched.
 */
public final class Nginx implements AutoCloseable {

    private static final Path DOCUMENTED = Path.of("deploy", "nginx.conf");

    private final int port;
    private final int tlsPort;
    private final TestCertificate certificate;
    private final Path folder;
    private final Process process;

    private Nginx(int port, int tlsPort, TestCertificate certificate, Path folder, Process process) {
        this.port = port;
        this.tlsPort = tlsPort;
        this.certificate = certificate;
        this.folder = folder;
        this.process = process;
    }

    /** Starts nginx in front of the nodes listening on {@code nodePorts} and waits until it accepts connections. */
    public static Nginx start(List<Integer> nodePorts) throws IOException {
        int port = LaunchedServer.freePort();
        Path folder = Path.of("target", "nginx-" + port).toAbsolutePath();
        Files.createDirectories(folder);
        int tlsPort = LaunchedServer.freePort();
        TestCertificate certificate = TestCertificate.make(folder);
        String site = Files.readString(DOCUMENTED).replace("listen 80;", "listen 127.0.0.1:" + port + ";")
                .replace("listen 443 ssl;", "listen 127.0.0.1:" + tlsPort + " ssl;")
                .replace("/etc/nginx/tls/livetodo.crt", certificate.certificate().toString())
                .replace("/etc/nginx/tls/livetodo.key", certificate.key().toString());
        for (int i = 0; i < nodePorts.size(); i++) {
            String documented = "server node" + (i + 1) + ":8080";
            if (!site.contains(documented)) {
                throw new IllegalStateException(DOCUMENTED + " no longer names " + documented + ", which this test"
                        + " replaces with the address of a node");
            }
            site = site.replace(documented, "server 127.0.0.1:" + nodePorts.get(i));
        }
        if (!site.contains("listen 127.0.0.1:" + port) || !site.contains("listen 127.0.0.1:" + tlsPort + " ssl")
                || !site.contains(certificate.key().toString())) {
            throw new IllegalStateException(DOCUMENTED + " no longer has the listen lines or certificate paths this"
                    + " test replaces");
        }
        Files.writeString(folder.resolve("livetodo.conf"), site);
        Files.writeString(folder.resolve("nginx.conf"), String.join("\n",
                "worker_processes 1;",
                "worker_rlimit_nofile 8192;",
                "pid " + folder.resolve("nginx.pid") + ";",
                "error_log " + folder.resolve("error.log") + " notice;",
                "events { worker_connections 4096; }",
                "http {",
                "    access_log off;",
                "    client_body_temp_path " + folder.resolve("body") + ";",
                "    proxy_temp_path " + folder.resolve("proxy") + ";",
                "    fastcgi_temp_path " + folder.resolve("fastcgi") + ";",
                "    uwsgi_temp_path " + folder.resolve("uwsgi") + ";",
                "    scgi_temp_path " + folder.resolve("scgi") + ";",
                "    include " + folder.resolve("livetodo.conf") + ";",
                "}", ""));
        Process process = new ProcessBuilder(executable(), "-p", folder.toString(), "-c",
                folder.resolve("nginx.conf").toString(), "-e", folder.resolve("error.log").toString(),
                "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(folder.resolve("console.log").toFile()).start();
        Nginx nginx = new Nginx(port, tlsPort, certificate, folder, process);
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("nginx exited with " + process.exitValue() + ": "
                            + Files.readString(folder.resolve("console.log")) + nginx.errorLog());
                }
                return accepts(port);
            });
        } catch (RuntimeException e) {
            nginx.close();
            throw e;
        }
        return nginx;
    }

    private static String executable() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("nginx is not installed (src/test/scripts/ensure-nginx.sh installs it)");
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** The page, as a browser reaches it through the balancer. */
    public URI http(String path) {
        return URI.create("http://127.0.0.1:" + port + LaunchedServer.CONTEXT + "/" + path);
    }

    public URI ws(String query) {
        return URI.create("ws://127.0.0.1:" + port + LaunchedServer.CONTEXT + "/todo"
                + (query.isEmpty() ? "" : "?" + query));
    }

    /** The page over TLS, with the test's own certificate (see {@link #certificate()}). */
    public URI https(String path) {
        return URI.create("https://127.0.0.1:" + tlsPort + LaunchedServer.CONTEXT + "/" + path);
    }

    public URI wss(String query) {
        return URI.create("wss://127.0.0.1:" + tlsPort + LaunchedServer.CONTEXT + "/todo"
                + (query.isEmpty() ? "" : "?" + query));
    }

    public TestCertificate certificate() {
        return certificate;
    }

    public String errorLog() throws IOException {
        Path log = folder.resolve("error.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The worker, should the master have died without taking it along.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }
}
