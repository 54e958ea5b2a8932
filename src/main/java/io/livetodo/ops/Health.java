package io.livetodo.ops;

import io.livetodo.persist.Database;
import io.livetodo.socket.Drain;
import io.livetodo.socket.Heartbeat;
import io.livetodo.web.BuildInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The answers to a balancer's or an orchestrator's probes, in MicroProfile Health's terms: live (the node looks
 * after its connections: restart it if not), ready (it can store changes: send it clients) and started.
 */
@ApplicationScoped
public class Health {

    private static final Logger LOG = Logger.getLogger(Health.class.getName());

    /** Probes may come from many balancers at once: the database is asked at most this often. */
    static final Duration STORAGE_RECHECK = Duration.ofSeconds(1);
    private static final int STORAGE_TIMEOUT_SECONDS = 2;
    /** The heartbeat ticks twice a second; this long without a tick means sessions are no longer looked after. */
    static final Duration HEARTBEAT_STALLED = Duration.ofSeconds(10);

    public enum Probe { LIVE, READY, STARTED, ALL }

    private Database database;
    private Heartbeat heartbeat;
    private Drain drain;
    private BuildInfo build;

    private final Object storageLock = new Object();
    private Check storage;
    private long storageCheckedAt;

    /** For the CDI proxy only. */
    protected Health() {
    }

    @Inject
    public Health(Database database, Heartbeat heartbeat, Drain drain, BuildInfo build) {
        this.database = database;
        this.heartbeat = heartbeat;
        this.drain = drain;
        this.build = build;
    }

    public List<Check> checks(Probe probe) {
        List<Check> checks = new ArrayList<>();
        if (probe == Probe.LIVE || probe == Probe.ALL) {
            checks.add(heartbeat());
        }
        if (probe == Probe.READY || probe == Probe.ALL) {
            // Stopping: DOWN first, so that a balancer sends no one new here before the connections are closed.
            checks.add(new Check("accepting-connections", !drain.draining(), Map.of()));
            checks.add(storage());
        }
        if (probe == Probe.STARTED || probe == Probe.ALL) {
            // This answers only once the application is deployed, and it deploys only with its database migrated.
            checks.add(new Check("started", true, Map.of("uptimeSeconds", build.uptime().toSeconds())));
        }
        return checks;
    }

    private Check heartbeat() {
        long millis = heartbeat.sinceLastTick().toMillis();
        return new Check("heartbeat", millis < HEARTBEAT_STALLED.toMillis(), Map.of("millisSinceLastTick", millis));
    }

    /** Whether a connection to the database answers; one question per {@link #STORAGE_RECHECK} at most. */
    private Check storage() {
        synchronized (storageLock) {
            long now = System.nanoTime();
            if (storage == null || now - storageCheckedAt >= STORAGE_RECHECK.toNanos()) {
                Check previous = storage;
                storage = askDatabase();
                storageCheckedAt = System.nanoTime();
                if (previous != null && previous.up() && !storage.up()) {
                    LOG.warning("Not ready: the database does not answer (" + database.description() + ")");
                } else if (previous != null && !previous.up() && storage.up()) {
                    LOG.info("Ready again: the database answers");
                }
            }
            return storage;
        }
    }

    private Check askDatabase() {
        long start = System.nanoTime();
        try (Connection connection = database.connection()) {
            boolean valid = connection.isValid(STORAGE_TIMEOUT_SECONDS);
            return new Check("storage", valid, Map.of("responseMillis", (System.nanoTime() - start) / 1_000_000));
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.FINE, "The database does not answer", e);
            return new Check("storage", false, Map.of("responseMillis", (System.nanoTime() - start) / 1_000_000));
        }
    }
}
