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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Keeps this server's lists current when other servers write to the same database. On PostgreSQL a stored change
 * wakes the other servers at once ({@code LISTEN/NOTIFY}, see {@link ChangeNotice}); the woken server reads what it
 * missed from the change log by sequence number, so a lost, late or repeated notification only delays a change,
 * never loses or reorders it. As a safety net, every {@code todo.sync.recheck} it still compares the stored sequence
 * numbers of all the lists it holds with its own, and says in the log when that found a change no notification had
 * announced. Without notifications (another database, {@code todo.sync.notify=false}, the driver out of reach, or
 * the listening connection lost) it makes that comparison every {@code todo.sync.interval} instead. On by default
 * with a configured DataSource (the only way to share a database); the embedded H2 file belongs to one server, so
 * there it is off.
 */
@ApplicationScoped
public class NodeSync {

    private static final Logger LOG = Logger.getLogger(NodeSync.class.getName());
    static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);
    /** How often the log may repeat that notifications were missed. */
    private static final long MISSED_LOG_NANOS = TimeUnit.MINUTES.toNanos(10);

    private TodoStore store;
    private Journal journal;
    private Database database;
    private Duration interval;
    private Duration recheck;
    private final OwnedThreads threads = new OwnedThreads("sync");
    private PgListener listener;
    /** Set from the timer and the listener alike. */
    private OutageLog outage;
    /** The highest sequence number notified per loaded list, to tell a missed notification from a late one. */
    private final Map<String, Long> noticed = new ConcurrentHashMap<>();
    /** Lists the last recheck found behind with no notification yet, and the sequence number they were behind. */
    private Map<String, Long> suspects = Map.of();
    private long lastRecheck = System.nanoTime();
    private long lastMissedLog;
    private int missedSinceLog;

    /** For the CDI proxy only. */
    protected NodeSync() {
    }

    @Inject
    public NodeSync(TodoStore store, Journal journal, Database database, Settings settings) {
        this.store = store;
        this.journal = journal;
        this.database = database;
        this.interval = interval(settings);
        this.recheck = settings.duration(Setting.SYNC_RECHECK);
        Duration retry = interval == null ? DEFAULT_INTERVAL : interval;
        this.outage = new OutageLog(LOG, e -> "Cannot read other servers' changes; retrying every "
                + retry.toMillis() + " ms", "Reading other servers' changes works again");
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
                : listener != null ? "Following other servers' changes when PostgreSQL notifies them, checking every"
                + " list every " + recheck.toMillis() + " ms as well (every " + interval.toMillis()
                + " ms while notifications are unavailable)"
                : "Following other servers' changes every " + interval.toMillis() + " ms");
    }

    @PostConstruct
    void start() {
        if (interval == null) {
            return;
        }
        if (database.notifies()) {
            listener = new PgListener(database, "other servers' changes",
                    "reading the database every " + interval.toMillis() + " ms", List.of(ChangeNotice.CHANNEL),
                    this::onNotification, this::syncOnce);
            listener.start();
        }
        threads.scheduled(1).scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (listener != null) {
            listener.stop();
        }
        threads.stop();
    }

    /** Whether this node is woken by notifications right now (tests, metrics). */
    public boolean woken() {
        return listener != null && listener.listening();
    }

    private void tick() {
        if (!woken()) {
            syncOnce();
        } else if (System.nanoTime() - lastRecheck >= recheck.toNanos()) {
            lastRecheck = System.nanoTime();
            recheck();
        }
    }

    private void onNotification(String channel, String payload) {
        ChangeNotice notice = ChangeNotice.parse(payload);
        if (notice == null) {
            return;
        }
        noticed.merge(notice.list(), notice.seq(), Math::max);
        guarded(() -> store.follow(Map.of(notice.list(), notice.seq())));
    }

    /** One comparison of every loaded list with the database; public for tests, which drive it without a timer. */
    public void syncOnce() {
        guarded(() -> {
            Map<String, Long> loaded = store.loadedSeqs();
            if (!loaded.isEmpty()) {
                store.follow(journal.heads(loaded.keySet()));
            }
        });
    }

    /** The safety net while notifications work: the same comparison, noting what no notification announced. */
    private void recheck() {
        guarded(() -> {
            Map<String, Long> loaded = store.loadedSeqs();
            noticed.keySet().retainAll(loaded.keySet());
            reportMissed();
            if (loaded.isEmpty()) {
                return;
            }
            Map<String, Long> heads = journal.heads(loaded.keySet());
            Map<String, Long> behind = new HashMap<>();
            heads.forEach((list, head) -> {
                if (head > loaded.getOrDefault(list, head) && noticed.getOrDefault(list, 0L) < head) {
                    behind.put(list, head);
                }
            });
            suspects = behind;
            store.follow(heads);
        });
    }

    /**
     * A list found behind at the last recheck is only a suspect: its notification may have been on its way. If none
     * has arrived a whole recheck later, it was missed.
     */
    private void reportMissed() {
        int missed = (int) suspects.entrySet().stream()
                .filter(suspect -> noticed.getOrDefault(suspect.getKey(), 0L) < suspect.getValue()).count();
        suspects = Map.of();
        missedSinceLog += missed;
        if (missedSinceLog > 0 && (lastMissedLog == 0 || System.nanoTime() - lastMissedLog >= MISSED_LOG_NANOS)) {
            int count = missedSinceLog;
            LOG.info(() -> "The safety-net check found " + count + " change(s) of other servers that no PostgreSQL"
                    + " notification announced (is todo.sync.notify false on another server?); they are shown now");
            lastMissedLog = System.nanoTime();
            missedSinceLog = 0;
        }
    }

    private void guarded(Runnable sync) {
        try {
            sync.run();
            outage.succeeded();
        } catch (RuntimeException e) {
            outage.failed(e); // and keep trying: the next round reads everything missed meanwhile
        }
    }
}
