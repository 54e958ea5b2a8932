package io.livetodo.socket;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The connection limits: how many sessions one list and one client address may have at once. */
@ApplicationScoped
public class Admission {

    private final ConcurrentMap<String, Integer> sessionsByList = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Integer> sessionsByAddress = new ConcurrentHashMap<>();
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
    }

    /** The session no longer counts. */
    void release(Subscription subscription) {
        unreserve(sessionsByList, subscription.list());
        if (subscription.address() != null) {
            unreserve(sessionsByAddress, subscription.address());
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
