package io.livetodo.socket;

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
 * Keeps connections honest: pings every session every {@code todo.ping.interval}, and drops a session from which
 * nothing was heard for {@code todo.idle-timeout} or whose send has been stuck for {@code todo.send.timeout}. On a
 * thread of its own, so that nothing a client does can delay the checks.
 */
@ApplicationScoped
public class Heartbeat {

    private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());
    private static final long TICK_MILLIS = 500;

    private final OwnedThreads threads = new OwnedThreads("heartbeat");
    private SessionRegistry registry;
    private SocketSettings settings;
    private long lastPing = System.nanoTime();
    private volatile long lastTick = System.nanoTime();

    /** For the CDI proxy only. */
    protected Heartbeat() {
    }

    @Inject
    Heartbeat(SessionRegistry registry, SocketSettings settings) {
        this.registry = registry;
        this.settings = settings;
    }

    /** Starts with the application rather than on first use. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        LOG.fine(() -> "Pinging every " + settings.pingInterval());
    }

    @PostConstruct
    void start() {
        threads.scheduled(1).scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        threads.stop();
    }

    /** How long ago the checks last ran: a liveness probe's measure of whether sessions are still looked after. */
    public Duration sinceLastTick() {
        return Duration.ofNanos(System.nanoTime() - lastTick);
    }

    private void tick() {
        try {
            long now = System.nanoTime();
            lastTick = now;
            boolean pingDue = now - lastPing >= settings.pingInterval().toNanos();
            if (pingDue) {
                lastPing = now;
            }
            long idleTimeout = settings.idleTimeout().toNanos();
            for (Subscription subscription : registry.all()) {
                subscription.sender().check(now, idleTimeout);
                if (pingDue) {
                    subscription.sender().ping();
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Heartbeat failed", e); // and runs again next tick
        }
    }
}
