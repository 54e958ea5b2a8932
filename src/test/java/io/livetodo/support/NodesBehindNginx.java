package io.livetodo.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The README's several-node set-up: three Payara Micro nodes with the packaged WAR, each with its own JDBC pool on
 * one PostgreSQL database (the README's asadmin recipe), behind nginx with the README's configuration. Default
 * settings, nginx as the trusted proxy, but the nodes' connection limits per address, which every client here would
 * hit: they nearly all come from 127.0.0.1.
 */
public final class NodesBehindNginx implements AutoCloseable {

    public static final int NODES = 3;
    private static final String JNDI_NAME = "jdbc/livetodo";
    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();

    private final List<PayaraMicroServer> nodes;
    private final Nginx nginx;

    private NodesBehindNginx(List<PayaraMicroServer> nodes, Nginx nginx) {
        this.nodes = nodes;
        this.nginx = nginx;
    }

    private static NodesBehindNginx shared;

    /**
     * The set-up with default settings, started once for every test class that asks (starting three nodes costs
     * a minute on a small machine) and stopped when the test JVM ends. A test that stops or kills a node calls
     * {@link #restartStopped} afterwards.
     */
    public static synchronized NodesBehindNginx shared() throws Exception {
        if (shared == null) {
            NodesBehindNginx started = start(Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-test-nodes"));
            shared = started;
        }
        return shared;
    }

    public static NodesBehindNginx start(Map<String, String> settings) throws Exception {
        List<String> dataSource = PayaraMicroServer.postgresDataSource(JNDI_NAME, PrivatePostgres.shared());
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("TODO_DATASOURCE", JNDI_NAME);
        environment.putIfAbsent("TODO_TRUSTED_PROXIES", "127.0.0.1"); // nginx, as the README says to set it
        environment.putIfAbsent("TODO_MAX_SESSIONS_PER_ADDRESS", "off");
        List<CompletableFuture<PayaraMicroServer>> starting = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return PayaraMicroServer.start(environment, dataSource);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        List<PayaraMicroServer> nodes = new ArrayList<>();
        RuntimeException failed = null;
        for (CompletableFuture<PayaraMicroServer> node : starting) {
            try {
                nodes.add(node.get(300, TimeUnit.SECONDS));
            } catch (Exception e) {
                failed = failed != null ? failed : new IllegalStateException("a node did not start", e);
            }
        }
        if (failed != null) {
            nodes.forEach(PayaraMicroServer::kill);
            throw failed;
        }
        try {
            return new NodesBehindNginx(nodes, Nginx.start(nodes.stream().map(LaunchedServer::port).toList()));
        } catch (IOException | RuntimeException e) {
            nodes.forEach(PayaraMicroServer::kill);
            throw e;
        }
    }

    public List<PayaraMicroServer> nodes() {
        return nodes;
    }

    public PayaraMicroServer node(int index) {
        return nodes.get(index);
    }

    public Nginx nginx() {
        return nginx;
    }

    /** Starts again every node that was stopped or killed, so the next test finds all three. */
    public void restartStopped() throws IOException {
        for (PayaraMicroServer node : nodes) {
            if (!node.isUp()) {
                node.kill();
                node.start();
            }
        }
    }

    /** Which node holds the most JSON connections now (from each node's metrics); -1 when none holds any. */
    public int nodeWithJsonConnections() {
        int best = -1;
        double most = 0;
        for (int i = 0; i < nodes.size(); i++) {
            double connections = jsonConnections(nodes.get(i));
            if (connections > most) {
                most = connections;
                best = i;
            }
        }
        return best;
    }

    /** The node's {@code livetodo_connections{dialect="json"}}; 0 when it does not answer. */
    public static double jsonConnections(PayaraMicroServer node) {
        try {
            String metrics = HTTP.send(java.net.http.HttpRequest.newBuilder(node.http("metrics"))
                    .timeout(java.time.Duration.ofSeconds(5)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            for (String line : metrics.split("\n")) {
                if (line.startsWith("livetodo_connections{dialect=\"json\"}")) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    @Override
    public void close() {
        nginx.close();
        nodes.forEach(PayaraMicroServer::kill);
    }
}
