package io.livetodo.metrics;

import io.livetodo.protocol.Dialect;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What this node counts and times, for {@code /metrics}. The parts of the application record into it; the numbers
 * that are a state rather than a count (connections, lists, queued messages) are read when scraped. No list name
 * is ever a label: with login off, a list's name is its key.
 */
@ApplicationScoped
public class Metrics {

    /** Why the server closed a session. */
    public enum Drop {
        SLOW_CONSUMER("slow-consumer"), SEND_TIMEOUT("send-timeout"), IDLE("idle"), RATE_LIMIT("rate-limit"),
        MESSAGE_TOO_BIG("message-too-big");

        private final String label;

        Drop(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Map<Dialect, Counter> received = counters(Dialect.class);
    private final Map<Dialect, Counter> sent = counters(Dialect.class);
    private final Map<Drop, Counter> dropped = counters(Drop.class);
    private final Counter changes = new Counter();
    private final Counter rateLimited = new Counter();
    private final Histogram delivery = new Histogram();
    private final Histogram commits = new Histogram();
    private final Histogram syncLag = new Histogram();

    private static <K extends Enum<K>> Map<K, Counter> counters(Class<K> keys) {
        Map<K, Counter> map = new EnumMap<>(keys);
        for (K key : keys.getEnumConstants()) {
            map.put(key, new Counter());
        }
        return Collections.unmodifiableMap(map);
    }

    /** Messages from clients, refused ones included. */
    public Counter received(Dialect dialect) {
        return received.get(dialect);
    }

    /** Messages the container accepted for sending (pings not counted). */
    public Counter sent(Dialect dialect) {
        return sent.get(dialect);
    }

    public Counter dropped(Drop reason) {
        return dropped.get(reason);
    }

    /** Changes stored through this node (those of other nodes are counted there). */
    public Counter changes() {
        return changes;
    }

    /** Messages refused because their sender went over the rate limit. */
    public Counter rateLimited() {
        return rateLimited;
    }

    /** From a message handed to a session's writer until the container took it. */
    public Histogram delivery() {
        return delivery;
    }

    /** Writing one operation's changes to the database, commit included. */
    public Histogram commits() {
        return commits;
    }

    /** From a change made on another node until this node took it in. */
    public Histogram syncLag() {
        return syncLag;
    }

    public Map<Dialect, Counter> received() {
        return received;
    }

    public Map<Dialect, Counter> sent() {
        return sent;
    }

    public Map<Drop, Counter> dropped() {
        return dropped;
    }
}
