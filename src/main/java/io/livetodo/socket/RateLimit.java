package io.livetodo.socket;

import io.livetodo.config.Setting;
import io.livetodo.config.Settings;

import java.util.OptionalInt;

/**
 * How many messages one connection may send: a token bucket refilled at {@code perSecond}, holding at most
 * {@code burst}. A person clicking, or a script that waits for its answers, never comes near the defaults (200/s,
 * bursts of 1,000); a flood does. Refusals pile up as strikes, forgiven at {@code strikes / 10} per second: a client
 * that reaches {@code strikes} is not slowing down (a flood at five times the rate gets there within a second; a
 * client barely over the rate never does).
 */
public record RateLimit(double perSecond, int burst, int strikes) {

    public static final RateLimit OFF = new RateLimit(Double.POSITIVE_INFINITY, Integer.MAX_VALUE, Integer.MAX_VALUE);

    public static RateLimit from(Settings settings) {
        OptionalInt perSecond = settings.limit(Setting.RATE_LIMIT);
        if (perSecond.isEmpty()) {
            return OFF;
        }
        return new RateLimit(perSecond.getAsInt(), settings.positiveInt(Setting.RATE_BURST),
                settings.positiveInt(Setting.RATE_STRIKES));
    }

    public boolean isOff() {
        return Double.isInfinite(perSecond);
    }

    /** A new, full bucket for one connection. Not thread-safe: one per connection, used by its reader. */
    public Bucket newBucket(long nowNanos) {
        return new Bucket(nowNanos);
    }

    /** One connection's bucket. */
    public final class Bucket {
        private double tokens;
        private long last;
        private double strikeLevel;

        private Bucket(long nowNanos) {
            this.tokens = burst;
            this.last = nowNanos;
        }

        /** Takes one token if there is one. */
        public boolean tryTake(long nowNanos) {
            if (isOff()) {
                return true;
            }
            double seconds = (nowNanos - last) / 1e9;
            last = nowNanos;
            tokens = Math.min(burst, tokens + seconds * perSecond);
            strikeLevel = Math.max(0, strikeLevel - seconds * strikes / 10.0);
            if (tokens >= 1) {
                tokens--;
                return true;
            }
            strikeLevel++;
            return false;
        }

        /**
         * Charges a message that made {@code changes} changes for all but the first of them, which its token paid:
         * a "complete all" on 10,000 todos is 10,000 rows to store and 10,000 events to send, not one message's
         * worth. The bucket may go into debt; the messages after it wait until the rate has paid it off.
         */
        public void charge(int changes) {
            if (!isOff() && changes > 1) {
                tokens -= changes - 1;
            }
        }

        /** True once the client's unforgiven refusals reach {@code strikes}: it is not slowing down. */
        public boolean exhausted() {
            return strikeLevel >= strikes;
        }
    }

    public String describe() {
        return isOff() ? "no limit" : (long) perSecond + " messages/s, bursts of " + burst;
    }
}
