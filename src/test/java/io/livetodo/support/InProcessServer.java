package io.livetodo.support;

import io.livetodo.config.Settings;
import io.livetodo.metrics.Metrics;
import io.livetodo.persist.Database;
import io.livetodo.persist.JdbcJournal;
import io.livetodo.persist.NodeSync;
import io.livetodo.persist.SharedPresence;
import io.livetodo.persist.SyncLag;
import io.livetodo.protocol.JsonProtocol;
import io.livetodo.socket.Admission;
import io.livetodo.socket.Drain;
import io.livetodo.socket.Fanout;
import io.livetodo.socket.Heartbeat;
import io.livetodo.socket.ListCreation;
import io.livetodo.socket.SendThreads;
import io.livetodo.socket.SessionRegistry;
import io.livetodo.socket.SocketBeans;
import io.livetodo.web.Peer;
import io.livetodo.web.WebBeans;
import io.livetodo.socket.TodoEndpoint;
import io.livetodo.todo.IdleListUnloader;
import io.livetodo.todo.StorageRetention;
import io.livetodo.todo.TodoStore;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.inject.Singleton;
import org.glassfish.tyrus.server.Server;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

/**
 * The application's CDI beans in Weld SE and its endpoint in a Tyrus server on a free port: what a servlet container
 * would run, minus the servlet parts (the Origin filter and /status are covered by the deployment tests).
 */
public final class InProcessServer implements AutoCloseable {

    private final WeldContainer weld;
    private final Server server;
    private final java.util.List<WsClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final java.nio.file.Path dataDirectory;

    private InProcessServer(Map<String, String> settings) throws Exception {
        dataDirectory = java.nio.file.Files.createTempDirectory("livetodo-test-");
        Map<String, String> withData = new java.util.HashMap<>(settings);
        withData.putIfAbsent("todo.data.dir", dataDirectory.toString());
        // Every test class stops its server with clients still connected; the drain's wait is DrainIT's subject,
        // on a real server with the default, and here would only add seconds to each class.
        withData.putIfAbsent("todo.drain.delay", "off");
        Settings fixed = Settings.of(withData);
        weld = new Weld(UUID.randomUUID().toString())
                .disableDiscovery()
                .addBeanClasses(TodoStore.class, Fanout.class, JsonProtocol.class, TodoEndpoint.class, SocketBeans.class,
                        ListCreation.class,
                        SessionRegistry.class, Admission.class, SendThreads.class, Heartbeat.class,
                        Database.class, JdbcJournal.class, NodeSync.class, Peer.class, WebBeans.class, IdleListUnloader.class,
                        StorageRetention.class,
                        Metrics.class, SyncLag.class, Drain.class, SharedPresence.class)
                .addExtension(new FixedSettings(fixed))
                .initialize();
        server = new Server("localhost", -1, "/app", Map.of(), TodoEndpoint.class);
        try {
            server.start();
        } catch (Exception e) {
            weld.shutdown();
            throw e;
        }
    }

    public static InProcessServer start() throws Exception {
        return new InProcessServer(Map.of());
    }

    public static InProcessServer start(Map<String, String> settings) throws Exception {
        return new InProcessServer(settings);
    }

    /** {@code ws://localhost:PORT/app/todo} plus the given query, e.g. {@code list=a}. */
    public URI uri(String query) {
        return URI.create("ws://localhost:" + server.getPort() + "/app/todo" + (query.isEmpty() ? "" : "?" + query));
    }

    public URI uri() {
        return uri("");
    }

    public int port() {
        return server.getPort();
    }

    /** A text-dialect client on {@code /todo?<query>}, closed with this server. */
    public WsClient text(String query) {
        return track(WsClient.text(uri(query)));
    }

    /** A JSON-dialect client on {@code /todo?<query>}, closed with this server. */
    public WsClient json(String query) {
        return track(WsClient.json(uri(query)));
    }

    /** A client offering these subprotocols ({@code "a, b"}), closed with this server. */
    public WsClient connect(String query, String subprotocols) {
        return track(WsClient.connect(uri(query), subprotocols, Map.of(), false));
    }

    /** A client that never reads after the handshake, closed with this server. */
    public WsClient stalled(String query, String subprotocol) {
        return track(WsClient.stalled(uri(query), subprotocol));
    }

    private WsClient track(WsClient client) {
        clients.add(client);
        return client;
    }

    /** Sessions the application counts on a list. */
    public int presence(String list) {
        return weld.select(SessionRegistry.class).get().presence(list);
    }

    public TodoStore store() {
        return weld.select(TodoStore.class).get();
    }

    /** Stops the application first (as an undeploy does: sessions are closed with 1001), then the server. */
    @Override
    public void close() {
        try {
            if (weld.isRunning()) {
                weld.shutdown();
            }
        } finally {
            clients.forEach(WsClient::close);
            server.stop();
            deleteQuietly(dataDirectory);
        }
    }

    static void deleteQuietly(java.nio.file.Path directory) {
        try (var files = java.nio.file.Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(java.nio.file.Path::toFile)
                    .forEach(java.io.File::delete);
        } catch (java.io.IOException ignored) {
            // a temporary directory; the OS cleans up what is left
        }
    }

    /** Supplies this test's settings in place of system properties and environment. */
    public static final class FixedSettings implements Extension {
        private final Settings settings;

        FixedSettings(Settings settings) {
            this.settings = settings;
        }

        void register(@Observes AfterBeanDiscovery discovery) {
            discovery.addBean().types(Settings.class, Object.class).scope(Singleton.class)
                    .createWith(context -> settings);
        }
    }
}
