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
 * Keeps the records of clients' mutations to {@code todo.clients.retention}: every hour, the records of mutations
 * processed longer ago than that are forgotten. A client heard from within the period keeps its place; one silent
 * for longer is a new client when it comes back (its next mutation is taken, whatever its number).
 */
@ApplicationScoped
public class MutationRetention {

    private static final Logger LOG = Logger.getLogger(MutationRetention.class.getName());
    private static final Duration SWEEP = Duration.ofHours(1);

    private final OwnedThreads threads = new OwnedThreads("retention");
    private Journal journal;
    private Duration retention;
    private Clock clock;

    /** For the CDI proxy only. */
    protected MutationRetention() {
    }

    @Inject
    MutationRetention(Journal journal, Settings settings) {
        this(journal, settings.duration(Setting.CLIENTS_RETENTION), Clock.systemUTC());
    }

    MutationRetention(Journal journal, Duration retention, Clock clock) {
        this.journal = journal;
        this.retention = retention;
        this.clock = clock;
    }

    /** Starts with the application rather than on first use. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        LOG.fine(() -> "Keeping the records of clients' mutations for " + retention);
    }

    @PostConstruct
    void start() {
        threads.scheduled(1).scheduleWithFixedDelay(this::sweep, 1, SWEEP.toMinutes(), TimeUnit.MINUTES);
    }

    @PreDestroy
    void stop() {
        threads.stop();
    }

    /** Forgets what is older than the retention; returns how many records went. */
    int sweep() {
        try {
            int forgotten = journal.forgetMutationsBefore(clock.instant().minus(retention));
            if (forgotten > 0) {
                LOG.fine(() -> "Forgot " + forgotten + " mutation records older than " + retention);
            }
            return forgotten;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Forgetting old mutation records failed; trying again in an hour", e);
            return 0;
        }
    }
}
