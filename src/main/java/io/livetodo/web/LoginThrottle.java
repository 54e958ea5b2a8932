package io.livetodo.web;

import io.livetodo.config.Setting;
import io.livetodo.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Slows down password guessing: failed sign-ins are counted per client address and per user name (existing or not),
 * each in a bucket that holds {@code todo.auth.max-failures} and lets one more through every {@value #REFILL_SECONDS}
 * seconds. While either bucket is empty, a sign-in is answered 429 without its password being checked, so guessing
 * gets ten tries a minute however fast it sends, from one address or spread over many. Each address and each name
 * is logged once when it starts being throttled. At most {@value #MAX_KEYS} addresses and names are remembered, the
 * longest unused forgotten first.
 */
@ApplicationScoped
public class LoginThrottle {

    static final int REFILL_SECONDS = 6;
    static final int MAX_KEYS = 10_000;
    private static final Logger LOG = Logger.getLogger(LoginThrottle.class.getName());

    private int capacity;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_KEYS;
        }
    };

    /** For the CDI proxy only. */
    protected LoginThrottle() {
    }

    @Inject
    LoginThrottle(Settings settings) {
        this(settings.positiveInt(Setting.AUTH_MAX_FAILURES));
    }

    LoginThrottle(int capacity) {
        this.capacity = capacity;
    }

    private static final class Bucket {
        double failures;
        long last = Long.MIN_VALUE; // none yet
        boolean logged;
    }

    /** Seconds to wait before this address or user may try again; 0 if a sign-in may be tried now. */
    public synchronized long waitSeconds(String address, String user, long nowNanos) {
        return Math.max(wait(key("address", address), nowNanos), wait(key("user", user), nowNanos));
    }

    /** A sign-in with these credentials failed. */
    public synchronized void failed(String address, String user, long nowNanos) {
        fail(key("address", address), nowNanos);
        fail(key("user", user), nowNanos);
    }

    private long wait(String key, long now) {
        Bucket bucket = key == null ? null : buckets.get(key);
        if (bucket == null) {
            return 0;
        }
        drain(bucket, now);
        return bucket.failures < capacity ? 0
                : (long) Math.ceil((bucket.failures - capacity + 1) * REFILL_SECONDS);
    }

    private void fail(String key, long now) {
        if (key == null) {
            return;
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket());
        drain(bucket, now);
        bucket.failures = Math.min(capacity, bucket.failures + 1);
        bucket.last = now;
        if (bucket.failures >= capacity && !bucket.logged) {
            bucket.logged = true;
            LOG.warning(() -> "Throttling sign-ins for " + key.replace('\n', ' ') + ": " + capacity
                    + " failed in a row (todo.auth.max-failures); one more every " + REFILL_SECONDS + " s");
        } else if (bucket.failures == 0) {
            bucket.logged = false;
        }
    }

    private static void drain(Bucket bucket, long now) {
        if (bucket.last != Long.MIN_VALUE) {
            bucket.failures = Math.max(0, bucket.failures - (now - bucket.last) / 1e9 / REFILL_SECONDS);
        }
        bucket.last = now;
        if (bucket.failures == 0) {
            bucket.logged = false;
        }
    }

    private static String key(String kind, String value) {
        return value == null || value.isEmpty() ? null
                : kind + " " + (value.length() > 100 ? value.substring(0, 100) : value);
    }
}
