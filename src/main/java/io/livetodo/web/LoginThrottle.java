package io.livetodo.web;

import io.livetodo.config.Setting;
import io.livetodo.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Slows down password guessing: failed sign-ins are counted per client address and per user name (existing or not),
 * each in a bucket that holds {@code todo.auth.max-failures} and lets one more through every {@value #REFILL_SECONDS}
 * seconds. While either bucket is full, a sign-in is answered 429 without its password being checked, so guessing
 * gets ten tries a minute however fast it sends, from one address or spread over many. Each address and each name
 * is logged once when it starts being throttled. At most {@value #MAX_KEYS} addresses and names are remembered, the
 * longest unused forgotten first.
 */
@ApplicationScoped
public class LoginThrottle {

    static final int REFILL_SECONDS = 6;
    static final int MAX_KEYS = 10_000;
    private static final Logger LOG = Logger.getLogger(LoginThrottle.class.getName());

    private LeakyBuckets failures;

    /** For the CDI proxy only. */
    protected LoginThrottle() {
    }

    @Inject
    LoginThrottle(Settings settings) {
        this(settings.positiveInt(Setting.AUTH_MAX_FAILURES));
    }

    LoginThrottle(int capacity) {
        this.failures = new LeakyBuckets(capacity, TimeUnit.SECONDS.toNanos(REFILL_SECONDS), MAX_KEYS);
    }

    /** Seconds to wait before this address or user may try again; 0 if a sign-in may be tried now. */
    public long waitSeconds(String address, String user, long nowNanos) {
        long wait = Math.max(failures.waitNanos(key("address", address), nowNanos),
                failures.waitNanos(key("user", user), nowNanos));
        return (wait + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }

    /** A sign-in with these credentials failed. */
    public void failed(String address, String user, long nowNanos) {
        for (String key : new String[] {key("address", address), key("user", user)}) {
            if (failures.add(key, nowNanos)) {
                LOG.warning(() -> "Throttling sign-ins for " + key.replace('\n', ' ') + ": " + failures.capacity()
                        + " failed in a row (todo.auth.max-failures); one more every " + REFILL_SECONDS + " s");
            }
        }
    }

    private static String key(String kind, String value) {
        return value == null || value.isEmpty() ? null
                : kind + " " + (value.length() > 100 ? value.substring(0, 100) : value);
    }
}
