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

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps memory to the lists in use: a list that no client follows is unloaded from the store once nobody has used
 * it for {@code todo.lists.idle-unload}. A public server sees a stream of lists that are used once; without this its
 * heap would grow with every one of them.
 */
@ApplicationScoped
public class IdleListUnloader {

    private static final Logger LOG = Logger.getLogger(IdleListUnloader.class.getName());
    private static final Duration LONGEST_SWEEP = Duration.ofSeconds(30);
    private static final Duration SHORTEST_SWEEP = Duration.ofMillis(50);

    private final OwnedThreads threads = new OwnedThreads("unload");
    private TodoStore store;
    private Duration idle;

    /** For the CDI proxy only. */
    protected IdleListUnloader() {
    }

    @Inject
    IdleListUnloader(TodoStore store, Settings settings) {
        this.store = store;
        this.idle = settings.duration(Setting.LISTS_IDLE_UNLOAD);
    }

    /** Starts with the application rather than on first use. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        LOG.fine(() -> "Unloading lists idle for " + idle);
    }

    @PostConstruct
    void start() {
        // A list is unloaded at most a quarter of the idle period late, and the sweep never runs more than twenty
        // times a second nor less than twice a minute.
        long every = Math.max(SHORTEST_SWEEP.toMillis(), Math.min(LONGEST_SWEEP.toMillis(), idle.toMillis() / 4));
        threads.scheduled(1).scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        threads.stop();
    }

    private void sweep() {
        try {
            int unloaded = store.unloadIdle(idle);
            if (unloaded > 0) {
                LOG.fine(() -> "Unloaded " + unloaded + " idle lists; " + store.loadedCount() + " in memory");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Unloading idle lists failed; trying again later", e); // nothing is lost
        }
    }
}
