package io.livetodo.ops;

import io.livetodo.metrics.Counter;
import io.livetodo.metrics.Metrics;
import io.livetodo.persist.Database;
import io.livetodo.persist.NodeSync;
import io.livetodo.socket.SessionRegistry;
import io.livetodo.todo.TodoStore;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code GET /metrics} in the Prometheus text format, written here rather than with Micrometer: a dozen metrics do
 * not need a library, and the WAR stays free of a registry with global state to leak across redeploys. Aggregates
 * only: no list's name is ever a label.
 */
@WebServlet("/metrics")
public class MetricsServlet extends HttpServlet {

    @Inject
    Metrics metrics;
    @Inject
    SessionRegistry sessions;
    @Inject
    TodoStore store;
    @Inject
    NodeSync sync;
    @Inject
    Database database;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Integer> connections = byLabel(sessions.countByDialect(), MetricsServlet::word, count -> count);
        Map<String, Long> received = byLabel(metrics.received(), MetricsServlet::word, Counter::value);
        Map<String, Long> sent = byLabel(metrics.sent(), MetricsServlet::word, Counter::value);
        Map<String, Long> dropped = byLabel(metrics.dropped(), Metrics.Drop::label, Counter::value);

        String body = new PrometheusText()
                .gauge("livetodo_connections", "Open WebSocket connections on this node, by dialect.", "dialect",
                        connections)
                .gauge("livetodo_lists_connected", "Lists with at least one connection on this node.",
                        sessions.listCount())
                .gauge("livetodo_lists_in_memory", "Lists held in memory on this node (connected or recently used).",
                        store.loadedCount())
                .counter("livetodo_messages_received_total", "Messages received from clients, by dialect.",
                        "dialect", received)
                .counter("livetodo_messages_sent_total", "Messages sent to clients (pings excluded), by dialect.",
                        "dialect", sent)
                .counter("livetodo_changes_total", "Changes stored through this node.", metrics.changes().value())
                .histogram("livetodo_delivery_seconds",
                        "Time from a message handed to a session's writer until the container took it.",
                        metrics.delivery().snapshot())
                .counter("livetodo_sessions_dropped_total", "Sessions the server closed, by reason.", "reason",
                        dropped)
                .counter("livetodo_rate_limited_total", "Messages refused for going over the rate limit.",
                        metrics.rateLimited().value())
                .histogram("livetodo_commit_seconds", "Time to store one operation's changes, commit included.",
                        metrics.commits().snapshot())
                .histogram("livetodo_sync_lag_seconds",
                        "Time from a change made on another node until this node took it in.",
                        metrics.syncLag().snapshot())
                .gauge("livetodo_sync_notified", "1 while PostgreSQL notifications wake this node for other nodes'"
                        + " changes, 0 while it reads them on a timer (or follows no other node).",
                        sync.woken() ? 1 : 0)
                .gauge("livetodo_send_queue_messages", "Messages waiting in the send queues of all sessions.",
                        sessions.queuedMessages())
                .gauge("livetodo_database_info", "1, labelled with the database and the version that runs here.",
                        "database", Map.of(database.product(), 1))
                .toString();
        response.setContentType(PrometheusText.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(body);
    }

    private static String word(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The samples of one labelled metric: each key's label value, in the keys' order, with its number. */
    private static <K, V, N> Map<String, N> byLabel(Map<K, V> values, Function<K, String> label,
                                                    Function<V, N> number) {
        Map<String, N> samples = new LinkedHashMap<>();
        values.forEach((key, value) -> samples.put(label.apply(key), number.apply(value)));
        return samples;
    }
}
