package io.livetodo.socket;

import io.livetodo.protocol.Dialect;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.websocket.CloseReason;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Who is connected to which list. A list leaves the registry with its last session, so it holds the lists in use,
 * not every list ever joined. Adding and removing are atomic per list, so a session is never added to a set that
 * is being dropped.
 */
@ApplicationScoped
public class SessionRegistry {

    private final ConcurrentMap<String, Set<Subscription>> byList = new ConcurrentHashMap<>();

    /** Adds the session to its list; returns how many the list has now. */
    int register(Subscription subscription) {
        return byList.compute(subscription.list(), (list, subscribers) -> {
            Set<Subscription> set = subscribers != null ? subscribers : ConcurrentHashMap.newKeySet();
            set.add(subscription);
            return set;
        }).size();
    }

    /** Removes the session; false if it was not there. */
    boolean unregister(Subscription subscription) {
        boolean[] removed = {false};
        byList.computeIfPresent(subscription.list(), (list, subscribers) -> {
            removed[0] = subscribers.remove(subscription);
            return subscribers.isEmpty() ? null : subscribers;
        });
        return removed[0];
    }

    /** The sessions of a list; null when it has none. Live: iterating it sees concurrent joins and leaves. */
    Set<Subscription> of(String list) {
        return byList.get(list);
    }

    public int presence(String list) {
        Set<Subscription> subscribers = byList.get(list);
        return subscribers == null ? 0 : subscribers.size();
    }

    /** Open sessions on this node by dialect, for the metrics. */
    public Map<Dialect, Integer> countByDialect() {
        Map<Dialect, Integer> counts = new EnumMap<>(Dialect.class);
        for (Dialect dialect : Dialect.values()) {
            counts.put(dialect, 0);
        }
        all().forEach(subscription -> counts.merge(subscription.dialect(), 1, Integer::sum));
        return counts;
    }

    /** Lists with at least one session on this node. */
    public int listCount() {
        return byList.size();
    }

    /** Messages waiting in every session's send queue. */
    public long queuedMessages() {
        return all().stream().mapToLong(subscription -> subscription.sender().queued()).sum();
    }

    /** Closes every session now, in the calling thread: the application is stopping. */
    void closeAll(CloseReason.CloseCode code, String reason) {
        for (Subscription subscription : all()) {
            subscription.sender().closeNow(code, reason);
        }
    }

    Collection<Subscription> all() {
        List<Subscription> all = new ArrayList<>();
        byList.values().forEach(all::addAll);
        return all;
    }
}
