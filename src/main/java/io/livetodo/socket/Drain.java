package io.livetodo.socket;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;

import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A stopping node (undeploy, redeploy, shutdown) first says it is not ready, keeps serving its clients for
 * {@code todo.drain.delay} so that a balancer notices and sends no one new, and only then closes every connection
 * with 1001 and {@link #REASON}, which tells the page to reconnect at once (to another node, through the balancer)
 * instead of backing off. Runs before any of the application's beans is destroyed, so the store, the writers and the
 * database all still work while it waits: a change in flight is stored and acknowledged as usual.
 */
@ApplicationScoped
public class Drain {

    private static final Logger LOG = Logger.getLogger(Drain.class.getName());
    /** The close reason that asks clients to come back at once; the page looks for it. */
    public static final String REASON = "server restarting: reconnect now";

    private SessionRegistry registry;
    private SocketSettings settings;
    private volatile boolean draining;

    /** For the CDI proxy only. */
    protected Drain() {
    }

    @Inject
    Drain(SessionRegistry registry, SocketSettings settings) {
        this.registry = registry;
        this.settings = settings;
    }

    /** True from the moment the application starts to stop: readiness says DOWN, new sessions are sent away. */
    public boolean draining() {
        return draining;
    }

    void onStopping(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        draining = true;
        int sessions = registry.all().size();
        long delayMillis = settings.drainDelay().toMillis();
        if (sessions > 0 && delayMillis > 0) {
            LOG.info(() -> "Stopping: not ready any more; closing " + sessions + " connection(s) in " + delayMillis
                    + " ms (todo.drain.delay)");
            try {
                TimeUnit.MILLISECONDS.sleep(delayMillis); // the application goes on serving meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the server wants it done now: close at once
            }
        }
        registry.closeAll(CloseReason.CloseCodes.GOING_AWAY, REASON);
    }
}
