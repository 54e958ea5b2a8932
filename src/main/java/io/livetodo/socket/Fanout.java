package io.livetodo.socket;

import io.livetodo.config.Settings;
import io.livetodo.protocol.Dialect;
import io.livetodo.protocol.JsonProtocol;
import io.livetodo.protocol.TextProtocol;
import io.livetodo.todo.CatchUp;
import io.livetodo.todo.ListChanged;
import io.livetodo.todo.TodoStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import io.livetodo.lifecycle.OwnedThreads;
import jakarta.websocket.CloseReason;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Who is connected to which list, and keeping each of them current and alive: every change of a list is rendered once
 * per dialect and queued to each session of that list; presence counts go to JSON sessions; a heartbeat pings idle
 * sessions and drops those that stopped answering or reading. Owns the only threads of the application, and stops
 * them (after closing every session with 1001) when the application stops.
 */
@ApplicationScoped
public class Fanout {

    private static final Logger LOG = Logger.getLogger(Fanout.class.getName());
    private static final long TICK_MILLIS = 500;
    private static final int WRITER_THREADS_PER_CORE = 4;
    private static final int WRITER_THREADS_AT_LEAST = 8;

    private final ConcurrentMap<String, Set<Subscription>> byList = new ConcurrentHashMap<>();
    /** Connections counted against the limits, per list and per client address. */
    private final ConcurrentMap<String, Integer> sessionsByList = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Integer> sessionsByAddress = new ConcurrentHashMap<>();
    private TodoStore store;
    private JsonProtocol json;
    private SocketSettings settings;
    private OriginPolicy originPolicy;
    private final OwnedThreads heartbeatThreads = new OwnedThreads("fanout");
    private final OwnedThreads writerThreads = new OwnedThreads("send");
    private ScheduledThreadPoolExecutor executor;
    private ExecutorService writers;
    private long lastPing = System.nanoTime();
    /** Set when the application stops: closing the sessions makes them leave, which then needs no presence update. */
    private volatile boolean stopping;

    /** For the CDI proxy only. */
    protected Fanout() {
    }

    @Inject
    Fanout(TodoStore store, JsonProtocol json, Settings settings) {
        this.store = store;
        this.json = json;
        this.settings = SocketSettings.from(settings);
        this.originPolicy = new OriginPolicy(this.settings.allowedOrigins());
    }

    @PostConstruct
    void start() {
        executor = heartbeatThreads.scheduled(2);
        executor.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        // More threads than cores: a send to a client whose buffers are full blocks its thread until the send timeout
        // drops the client, and a few such clients must not hold up everyone else.
        writers = writerThreads.fixed(Math.max(WRITER_THREADS_AT_LEAST,
                WRITER_THREADS_PER_CORE * Runtime.getRuntime().availableProcessors()));
    }

    @PreDestroy
    void stop() {
        stopping = true;
        for (Subscription subscription : all()) {
            subscription.sender().closeNow(CloseReason.CloseCodes.GOING_AWAY, "server shutting down");
        }
        heartbeatThreads.stop();
        writerThreads.stop();
    }

    public SocketSettings settings() {
        return settings;
    }

    /** Which pages may connect; built once from todo.allowed-origins for the filter and the configurator. */
    public OriginPolicy originPolicy() {
        return originPolicy;
    }

    /** Runs closes off the caller's thread. */
    public Executor executor() {
        return executor;
    }

    /** Runs the sessions' writes (see {@link SessionSender}). */
    public Executor writers() {
        return writers;
    }

    /**
     * Registers a session, which makes the store hold its list (and, on a shared database, follow the other servers'
     * changes of it) until the session leaves. A JSON session first gets what it needs to be current (the changes it
     * missed since {@code since} of {@code epoch}, or a snapshot), queued before any later change can be announced;
     * the text dialect says nothing until the list changes or the client asks.
     */
    public void join(Subscription subscription, String epoch, long since) {
        admit(subscription);
        boolean json = subscription.dialect() == Dialect.JSON;
        try {
            store.join(subscription.list(), json ? epoch : null, json ? since : -1, catchUp -> {
                int presence = register(subscription);
                if (json) {
                    sendCatchUp(subscription, catchUp, since, presence);
                }
            });
        } catch (RuntimeException e) {
            if (unregister(subscription)) {
                store.leave(subscription.list());
            }
            release(subscription);
            throw e;
        }
        presenceChanged(subscription.list(), subscription);
    }

    public void leave(Subscription subscription) {
        if (stopping) {
            return;
        }
        if (unregister(subscription)) {
            store.leave(subscription.list());
            release(subscription);
            presenceChanged(subscription.list(), null);
        }
    }

    /** Adds the session to its list's subscribers; returns how many the list has now. */
    private int register(Subscription subscription) {
        return byList.compute(subscription.list(), (list, subscribers) -> {
            Set<Subscription> set = subscribers != null ? subscribers : ConcurrentHashMap.newKeySet();
            set.add(subscription);
            return set;
        }).size();
    }

    /** Removes the session; a list left without subscribers leaves the registry too. False if it was not there. */
    private boolean unregister(Subscription subscription) {
        boolean[] removed = {false};
        byList.computeIfPresent(subscription.list(), (list, subscribers) -> {
            removed[0] = subscribers.remove(subscription);
            return subscribers.isEmpty() ? null : subscribers;
        });
        return removed[0];
    }

    /** A connection over one of the connection limits; it was not registered. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Counts the session against the per-list and per-address limits, or refuses it. */
    private void admit(Subscription subscription) {
        if (!reserve(sessionsByList, subscription.list(), settings.maxSessionsPerList())) {
            throw new Refused("list '" + subscription.list() + "' already has " + settings.maxSessionsPerList()
                    + " connections, the most it takes (todo.max-sessions.per-list)");
        }
        if (subscription.address() != null
                && !reserve(sessionsByAddress, subscription.address(), settings.maxSessionsPerAddress())) {
            unreserve(sessionsByList, subscription.list());
            throw new Refused("your address already has " + settings.maxSessionsPerAddress()
                    + " connections, the most it may have (todo.max-sessions.per-address)");
        }
    }

    private void release(Subscription subscription) {
        unreserve(sessionsByList, subscription.list());
        if (subscription.address() != null) {
            unreserve(sessionsByAddress, subscription.address());
        }
    }

    /** Atomically adds one to the key's count unless it is at max. */
    private static boolean reserve(ConcurrentMap<String, Integer> counts, String key, int max) {
        boolean[] reserved = {false};
        counts.compute(key, (k, count) -> {
            int now = count == null ? 0 : count;
            if (now >= max) {
                return count;
            }
            reserved[0] = true;
            return now + 1;
        });
        return reserved[0];
    }

    private static void unreserve(ConcurrentMap<String, Integer> counts, String key) {
        counts.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
    }

    public int presence(String list) {
        Set<Subscription> subscribers = byList.get(list);
        return subscribers == null ? 0 : subscribers.size();
    }

    public Map<String, Integer> presenceByList() {
        return byList.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size()));
    }

    public Collection<Subscription> all() {
        List<Subscription> all = new ArrayList<>();
        byList.values().forEach(all::addAll);
        return all;
    }

    /** Runs inside the store's lock of that list: only renders and enqueues. */
    void onChange(@Observes ListChanged event) {
        Set<Subscription> subscribers = byList.get(event.list());
        if (subscribers == null || subscribers.isEmpty()) {
            return;
        }
        String listing = null;
        List<String> events = null;
        for (Subscription subscription : subscribers) {
            if (subscription.dialect() == Dialect.TEXT) {
                if (listing == null) {
                    listing = TextProtocol.listing(event.state());
                }
                subscription.sender().send(listing);
            } else {
                if (events == null) {
                    events = json.events(event.changes());
                }
                for (String message : events) {
                    subscription.sender().send(message);
                }
            }
        }
    }

    private void sendCatchUp(Subscription subscription, CatchUp catchUp, long since, int presence) {
        SessionSender sender = subscription.sender();
        if (catchUp.isSnapshot()) {
            sender.send(json.snapshot(catchUp.snapshot(), presence));
        } else {
            sender.send(json.resume(catchUp, since, presence));
            catchUp.missed().forEach(change -> sender.send(json.event(change)));
        }
    }

    /**
     * Serialised per list so that counts arrive in the order they happened. The joiner is skipped: its snapshot
     * already carried the count.
     */
    private void presenceChanged(String list, Subscription joiner) {
        Set<Subscription> subscribers = byList.get(list);
        if (subscribers == null) {
            return; // nobody left to tell
        }
        synchronized (subscribers) {
            String message = json.presence(subscribers.size());
            for (Subscription subscription : subscribers) {
                if (subscription.dialect() == Dialect.JSON && subscription != joiner) {
                    subscription.sender().send(message);
                }
            }
        }
    }

    private void tick() {
        try {
            long now = System.nanoTime();
            boolean pingDue = now - lastPing >= settings.pingInterval().toNanos();
            if (pingDue) {
                lastPing = now;
            }
            long idleTimeout = settings.idleTimeout().toNanos();
            for (Set<Subscription> subscribers : byList.values()) {
                for (Subscription subscription : subscribers) {
                    subscription.sender().check(now, idleTimeout);
                    if (pingDue) {
                        subscription.sender().ping();
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Heartbeat failed", e); // and runs again next tick
        }
    }
}
