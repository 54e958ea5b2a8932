package io.livetodo.socket;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The connection limits: how many sessions one list and one client address may have at once, and how many different
 * lists one address may have open (the lists a server holds in memory are those with a client: without this one
 * address could hold all of them).
 */
@ApplicationScoped
public class Admission {

    private final ConcurrentMap<String, Integer> sessionsByList = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Integer> sessionsByAddress = new ConcurrentHashMap<>();
    /** Per address, its sessions on each list it has open. */
    private final ConcurrentMap<String, Map<String, Integer>> listsByAddress = new ConcurrentHashMap<>();
    private SocketSettings settings;

    /** For the CDI proxy only. */
    protected Admission() {
    }

    @Inject
    Admission(SocketSettings settings) {
        this.settings = settings;
    }

    /** A connection over one of the limits; it was not admitted. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Counts the session against both limits, or refuses it and counts nothing. */
    void admit(Subscription subscription) {
        if (!reserve(sessionsByList, subscription.list(), settings.maxSessionsPerList())) {
            throw new Refused("this list already has " + settings.maxSessionsPerList().getAsInt()
                    + " connections, the most it takes (todo.max-sessions.per-list)");
        }
        if (subscription.address() != null
                && !reserve(sessionsByAddress, subscription.address(), settings.maxSessionsPerAddress())) {
            unreserve(sessionsByList, subscription.list());
            throw new Refused("your address already has " + settings.maxSessionsPerAddress().getAsInt()
                    + " connections, the most it may have (todo.max-sessions.per-address)");
        }
        if (subscription.address() != null && !reserveList(subscription.address(), subscription.list())) {
            unreserve(sessionsByList, subscription.list());
            unreserve(sessionsByAddress, subscription.address());
            throw new Refused("your address already has " + settings.maxListsPerAddress().getAsInt()
                    + " different lists open, the most it may have (todo.lists.per-address); close one first");
        }
    }

    /** One more session of the address on the list, unless that would be one list too many for the address. */
    private boolean reserveList(String address, String list) {
        boolean[] reserved = {false};
        listsByAddress.compute(address, (k, lists) -> {
            Map<String, Integer> open = lists == null ? new HashMap<>() : lists;
            Integer sessions = open.get(list);
            if (sessions == null && settings.maxListsPerAddress().isPresent()
                    && open.size() >= settings.maxListsPerAddress().getAsInt()) {
                return lists;
            }
            open.put(list, sessions == null ? 1 : sessions + 1);
            reserved[0] = true;
            return open;
        });
        return reserved[0];
    }

    private void releaseList(String address, String list) {
        listsByAddress.computeIfPresent(address, (k, open) -> {
            open.computeIfPresent(list, (l, sessions) -> sessions <= 1 ? null : sessions - 1);
            return open.isEmpty() ? null : open;
        });
    }

    /** The session no longer counts. */
    void release(Subscription subscription) {
        unreserve(sessionsByList, subscription.list());
        if (subscription.address() != null) {
            unreserve(sessionsByAddress, subscription.address());
            releaseList(subscription.address(), subscription.list());
        }
    }

    /** Atomically adds one to the key's count unless it is at max. */
    private static boolean reserve(ConcurrentMap<String, Integer> counts, String key, OptionalInt max) {
        boolean[] reserved = {false};
        counts.compute(key, (k, count) -> {
            int now = count == null ? 0 : count;
            if (max.isPresent() && now >= max.getAsInt()) {
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
}
