package io.livetodo.todo;

import io.livetodo.config.Setting;
import io.livetodo.config.Settings;
import io.livetodo.lifecycle.OwnedThreads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps stored what is kept on purpose, so that what is stored grows with the todos that exist and not with the
 * changes ever made. Every minute it deletes:
 * <ul>
 * <li>the changes of each list older than its last {@code todo.history.size}: what resuming clients can be sent
 * (a client further behind gets a snapshot anyway). A minute's grace, not a delete with each change, because
 * another server that follows this database reads the changes it has not taken in yet from the same log;</li>
 * <li>the records of each client's mutations on a list but its last {@code todo.clients.window}: an older number
 * sent again is still a duplicate (it is at or below the last one), answered without the details of then;</li>
 * <li>the records of mutations processed longer ago than {@code todo.clients.retention}: a client silent for longer
 * is a new client when it comes back (its next mutation is taken, whatever its number).</li>
 * </ul>
 */
@ApplicationScoped
public class StorageRetention {

    private static final Logger LOG = Logger.getLogger(StorageRetention.class.getName());
    static final Duration SWEEP = Duration.ofMinutes(1);

    private final OwnedThreads threads = new OwnedThreads("retention");
    private Journal journal;
    private Duration retention;
    private int history;
    private int window;
    private Clock clock;

    /** For the CDI proxy only. */
    protected StorageRetention() {
    }

    @Inject
    StorageRetention(Journal journal, Settings settings) {
        this(journal, settings.duration(Setting.CLIENTS_RETENTION), settings.positiveInt(Setting.HISTORY_SIZE),
                settings.positiveInt(Setting.CLIENTS_WINDOW), Clock.systemUTC());
    }

    public StorageRetention(Journal journal, Duration retention, int history, int window, Clock clock) {
        this.journal = journal;
        this.retention = retention;
        this.history = history;
        this.window = window;
        this.clock = clock;
    }

    /** Starts with the application rather than on first use. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        LOG.fine(() -> "Keeping " + history + " changes per list, " + window + " mutation records per client and"
                + " list, none older than " + retention);
    }

    @PostConstruct
    void start() {
        threads.scheduled(1).scheduleWithFixedDelay(this::sweep, 1, SWEEP.toSeconds(), TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        threads.stop();
    }

    /** Deletes what is past keeping; returns how many rows went. */
    public int sweep() {
        try {
            int changes = journal.forgetChangesBeyond(history);
            int outOfWindow = journal.forgetMutationsBeyond(window);
            int old = journal.forgetMutationsBefore(clock.instant().minus(retention));
            if (changes + outOfWindow + old > 0) {
                LOG.fine(() -> "Deleted " + changes + " old changes and " + (outOfWindow + old) + " mutation records");
            }
            return changes + outOfWindow + old;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Deleting old changes and mutation records failed; trying again in a minute", e);
            return 0;
        }
    }
}
