package io.livetodo.persist;

import io.livetodo.config.Settings;
import io.livetodo.lifecycle.OwnedThreads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Presence across nodes: each node stores how many connections it has on each list and says every
 * {@link #HEARTBEAT} that it is alive; each node reads the others' counts, leaving out a node not heard of for
 * {@link #SILENCE_SECONDS} (a node that was killed). On PostgreSQL a stored count wakes the others at once (its own
 * notification channel); elsewhere they see it at their next heartbeat. Only with a shared database (where
 * {@link NodeSync} follows the other nodes); with the embedded one every count is this node's alone.
 */
@ApplicationScoped
public class SharedPresence {

    private static final Logger LOG = Logger.getLogger(SharedPresence.class.getName());
    static final String CHANNEL = "livetodo_presence";
    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    /** A node not heard of for this long is not counted (and after an hour, forgotten). Time is the database's, so clocks of nodes do not matter. */
    static final int SILENCE_SECONDS = 8;

    /** Who this node is, for this run of the application only: a restarted node is a new one. */
    private final String node = UUID.randomUUID().toString();
    private Database database;
    private Consumer<String> changedElsewhere;
    private boolean shared;
    private final OwnedThreads threads = new OwnedThreads("presence");
    private ScheduledExecutorService writer;
    private PgListener listener;
    /** Lists whose count here may differ from the stored one, and how to count their connections here. */
    private final Map<String, IntSupplier> wanted = new ConcurrentHashMap<>();
    /** This node's counts as stored (writer thread only). */
    private final Map<String, Integer> stored = new HashMap<>();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    /** The other live nodes' counts per list. */
    private volatile Map<String, Integer> elsewhere = Map.of();
    private final OutageLog outage = new OutageLog(LOG, e -> "Cannot share presence with the other nodes (" + e
            + "); counts show what was last known until the database answers", "Presence across nodes works again");
    private int ticks;

    /** For the CDI proxy only. */
    protected SharedPresence() {
    }

    @Inject
    SharedPresence(Database database, Settings settings, Event<PresenceElsewhere> events) {
        this(database, NodeSync.interval(settings) != null, list -> events.fire(new PresenceElsewhere(list)));
    }

    /**
     * @param shared           whether other nodes use this database (else this does nothing)
     * @param changedElsewhere told the name of a list whose count on the other nodes changed
     */
    public SharedPresence(Database database, boolean shared, Consumer<String> changedElsewhere) {
        this.database = database;
        this.shared = shared;
        this.changedElsewhere = changedElsewhere;
    }

    @PostConstruct
    public void start() {
        if (!shared) {
            return;
        }
        writer = threads.scheduled(1);
        writer.scheduleWithFixedDelay(this::tick, 0, HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        if (database.notifies()) {
            listener = new PgListener(database, "presence on other servers",
                    "reading it every " + HEARTBEAT.toSeconds() + " s", List.of(CHANNEL), (channel, from) -> {
                if (!node.equals(from)) {
                    guarded(this::read);
                }
            }, () -> guarded(this::read));
            listener.start();
        }
    }

    /** Says this node is gone, so the others stop counting its connections now rather than in 8 s. */
    @PreDestroy
    public void stop() {
        if (!shared) {
            return;
        }
        if (listener != null) {
            listener.stop();
        }
        threads.stop();
        try (Connection connection = database.connection()) {
            update(connection, "DELETE FROM node_presence WHERE node_id = ?", node);
            update(connection, "DELETE FROM node_heartbeat WHERE node_id = ?", node);
            if (database.notifies()) {
                notifyOthers(connection);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.FINE, "Could not remove this node's presence; the others stop counting it within "
                    + SILENCE_SECONDS + " s", e);
        }
    }

    /**
     * This node's number of connections on the list changed; it is read from {@code connectionsHere} when it is
     * stored, soon, on another thread, so that whatever the order of concurrent calls, what is stored last is current.
     */
    public void changed(String list, IntSupplier connectionsHere) {
        if (!shared) {
            return;
        }
        wanted.put(list, connectionsHere);
        if (flushQueued.compareAndSet(false, true)) {
            writer.execute(() -> guarded(this::flush));
        }
    }

    /** The connections on the list on the other live nodes, as last read. */
    public int elsewhere(String list) {
        return elsewhere.getOrDefault(list, 0);
    }

    private void tick() {
        guarded(() -> {
            try (Connection connection = database.connection()) {
                heartbeat(connection);
                if (++ticks % 30 == 0) {
                    forgetSilentNodes(connection);
                }
            }
            flush();
            read();
        });
    }

    private interface Work {
        void run() throws SQLException;
    }

    /** Runs database work; an outage is logged once, and the next heartbeat tries again. */
    private void guarded(Work work) {
        try {
            work.run();
            outage.succeeded();
        } catch (SQLException | RuntimeException e) {
            outage.failed(e);
        }
    }

    private void heartbeat(Connection connection) throws SQLException {
        if (update(connection, "UPDATE node_heartbeat SET seen = CURRENT_TIMESTAMP WHERE node_id = ?", node) == 0) {
            update(connection, "INSERT INTO node_heartbeat (node_id, seen) VALUES (?, CURRENT_TIMESTAMP)", node);
        }
    }

    /** Stores this node's counts that changed, and wakes the others if any did. Writer thread only. */
    private void flush() throws SQLException {
        flushQueued.set(false);
        Map<String, IntSupplier> dirty = Map.copyOf(wanted);
        Map<String, Integer> changed = new HashMap<>();
        dirty.forEach((list, connectionsHere) -> {
            int count = connectionsHere.getAsInt();
            if (count != stored.getOrDefault(list, 0)) {
                changed.put(list, count);
            }
        });
        if (!changed.isEmpty()) {
            try (Connection connection = database.connection()) {
                for (Map.Entry<String, Integer> entry : changed.entrySet()) {
                    store(connection, entry.getKey(), entry.getValue());
                    if (entry.getValue() == 0) {
                        stored.remove(entry.getKey());
                    } else {
                        stored.put(entry.getKey(), entry.getValue());
                    }
                }
                if (database.notifies()) {
                    notifyOthers(connection);
                }
            }
        }
        // Stored: no longer dirty, unless marked again meanwhile (then the same supplier is there again, and the
        // flush that mark queued stores it).
        dirty.forEach(wanted::remove);
    }

    private void store(Connection connection, String list, int count) throws SQLException {
        if (count == 0) {
            update(connection, "DELETE FROM node_presence WHERE node_id = ? AND list_name = ?", node, list);
        } else if (update(connection, "UPDATE node_presence SET connections = ? WHERE node_id = ? AND list_name = ?",
                count, node, list) == 0) {
            update(connection, "INSERT INTO node_presence (node_id, list_name, connections) VALUES (?, ?, ?)",
                    node, list, count);
        }
    }

    private void notifyOthers(Connection connection) throws SQLException {
        PgNotify.send(connection, CHANNEL, node);
    }

    /** Reads the other live nodes' counts and tells of each list whose count changed. */
    private synchronized void read() throws SQLException {
        Map<String, Integer> fresh = new HashMap<>();
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement("SELECT p.list_name, SUM(p.connections)"
                     + " FROM node_presence p JOIN node_heartbeat h ON h.node_id = p.node_id"
                     + " WHERE p.node_id <> ? AND h.seen > CURRENT_TIMESTAMP - INTERVAL '" + SILENCE_SECONDS
                     + "' SECOND GROUP BY p.list_name")) {
            select.setString(1, node);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    fresh.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        Map<String, Integer> before = elsewhere;
        elsewhere = Map.copyOf(fresh);
        Set<String> lists = new HashSet<>(before.keySet());
        lists.addAll(fresh.keySet());
        for (String list : lists) {
            if (!before.getOrDefault(list, 0).equals(fresh.getOrDefault(list, 0))) {
                changedElsewhere.accept(list);
            }
        }
    }

    private static void forgetSilentNodes(Connection connection) throws SQLException {
        String silent = "SELECT node_id FROM node_heartbeat WHERE seen < CURRENT_TIMESTAMP - INTERVAL '1' HOUR";
        update(connection, "DELETE FROM node_presence WHERE node_id IN (" + silent + ")");
        update(connection, "DELETE FROM node_heartbeat WHERE node_id IN (" + silent + ")");
    }

    /** One statement with its parameters in order; how many rows it changed. */
    private static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }
}
