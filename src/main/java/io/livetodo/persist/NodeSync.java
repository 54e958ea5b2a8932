package io.livetodo.persist;

import io.livetodo.config.Setting;
import io.livetodo.config.Settings;
import io.livetodo.lifecycle.OwnedThreads;
import io.livetodo.todo.Journal;
import io.livetodo.todo.TodoStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps this server's lists current when other servers write to the same database: every {@code todo.sync.interval}
 * it compares the stored sequence numbers of the lists it holds with its own and lets the store read what it missed
 * from the change log. Reading by sequence number rather than relying on notifications means a missed wake-up, a
 * restart or a lost connection only delays a change, never loses it. On by default with a configured DataSource
 * (the only way to share a database); the embedded H2 file belongs to one server, so there it is off.
 */
@ApplicationScoped
public class NodeSync {

    private static final Logger LOG = Logger.getLogger(NodeSync.class.getName());
    static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);

    private TodoStore store;
    private Journal journal;
    private Duration interval;
    private final OwnedThreads threads = new OwnedThreads("sync");
    /** Logged once per outage, not every 100 ms. */
    private boolean failing;

    /** For the CDI proxy only. */
    protected NodeSync() {
    }

    @Inject
    NodeSync(TodoStore store, Journal journal, Settings settings) {
        this.store = store;
        this.journal = journal;
        this.interval = interval(settings);
    }

    /** Null when off. Unset, it follows from the storage: on with a shared database, off with the embedded one. */
    static Duration interval(Settings settings) {
        if (!settings.isSet(Setting.SYNC_INTERVAL)) {
            return settings.isSet(Setting.DATASOURCE) ? DEFAULT_INTERVAL : null;
        }
        return settings.durationOrOff(Setting.SYNC_INTERVAL).orElse(null);
    }

    /** Starts with the application rather than on first use. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        LOG.info(() -> interval == null ? "Not following other servers (embedded database)"
                : "Following other servers' changes every " + interval.toMillis() + " ms");
    }

    @PostConstruct
    void start() {
        if (interval != null) {
            threads.scheduled(1).scheduleWithFixedDelay(this::syncOnce, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    void stop() {
        threads.stop();
    }

    /** One comparison with the database; public for tests, which drive it without a timer. */
    public void syncOnce() {
        try {
            Map<String, Long> loaded = store.loadedSeqs();
            if (!loaded.isEmpty()) {
                store.follow(journal.heads(loaded.keySet()));
            }
            if (failing) {
                failing = false;
                LOG.info("Reading other servers' changes works again");
            }
        } catch (RuntimeException e) {
            // Keep trying: the next round reads everything missed meanwhile.
            if (!failing) {
                failing = true;
                LOG.log(Level.WARNING, "Cannot read other servers' changes; retrying every "
                        + interval.toMillis() + " ms", e);
            }
        }
    }
}
