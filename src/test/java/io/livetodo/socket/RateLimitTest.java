package io.livetodo.socket;

import io.livetodo.config.Settings;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimitTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void a_burst_is_allowed_then_the_sustained_rate() {
        RateLimit.Bucket bucket = new RateLimit(200, 1000, 100).newBucket(0);
        int accepted = 0;
        for (int i = 0; i < 5000; i++) {
            accepted += bucket.tryTake(0) ? 1 : 0;
        }
        assertThat(accepted).isEqualTo(1000);
        // One second later another 200 may pass, not more.
        accepted = 0;
        for (int i = 0; i < 5000; i++) {
            accepted += bucket.tryTake(SECOND) ? 1 : 0;
        }
        assertThat(accepted).isEqualTo(200);
    }

    @Test
    void a_bulk_change_costs_what_it_changed_and_the_next_messages_wait_for_the_debt() {
        RateLimit.Bucket bucket = new RateLimit(200, 1000, 100).newBucket(0);
        assertThat(bucket.tryTake(0)).isTrue();
        bucket.charge(1500); // a "complete all" of 1,500 todos: 500 more than the whole burst
        assertThat(bucket.tryTake(0)).as("in debt").isFalse();
        long second = 1_000_000_000L;
        assertThat(bucket.tryTake(2 * second)).as("400 tokens paid back of 500: still in debt").isFalse();
        assertThat(bucket.tryTake(3 * second)).as("paid off").isTrue();
        bucket.charge(1); // one change: its token paid for it
        assertThat(bucket.tryTake(3 * second)).isTrue();
    }

    @Test
    void a_client_at_the_sustained_rate_is_never_refused() {
        RateLimit.Bucket bucket = new RateLimit(200, 1000, 100).newBucket(0);
        for (int i = 0; i < 100_000; i++) { // 500 s at exactly 200/s
            assertThat(bucket.tryTake(i * (SECOND / 200))).isTrue();
        }
    }

    @Test
    void a_flood_at_five_times_the_rate_is_exhausted_within_a_second() {
        RateLimit.Bucket bucket = new RateLimit(200, 1000, 100).newBucket(0);
        long step = SECOND / 1000; // 1,000 messages/s against 200/s
        long t = 0;
        while (!bucket.exhausted()) {
            t += step;
            bucket.tryTake(t);
        }
        assertThat(t).isLessThan(SECOND + SECOND / 2); // the burst of 1,000 first, then strikes pile up
    }

    @Test
    void a_client_barely_over_the_rate_is_slowed_but_never_exhausted() {
        RateLimit.Bucket bucket = new RateLimit(200, 1000, 100).newBucket(0);
        long step = SECOND / 210;
        int refused = 0;
        for (int i = 0; i < 210 * 600; i++) { // ten minutes at 210/s
            refused += bucket.tryTake(i * step) ? 0 : 1;
            assertThat(bucket.exhausted()).isFalse();
        }
        assertThat(refused).as("the excess is refused").isGreaterThan(1000);
    }

    @Test
    void strikes_are_forgiven_over_time() {
        RateLimit.Bucket bucket = new RateLimit(10, 1, 3).newBucket(0);
        assertThat(bucket.tryTake(0)).isTrue();
        bucket.tryTake(0);
        bucket.tryTake(0);
        assertThat(bucket.exhausted()).isFalse();
        bucket.tryTake(0);
        assertThat(bucket.exhausted()).isTrue();
        bucket.tryTake(10 * SECOND); // ten seconds later: a token, and the strikes forgiven
        assertThat(bucket.exhausted()).isFalse();
    }

    @Test
    void settings_can_change_or_switch_off_the_limit() {
        assertThat(RateLimit.from(Settings.of(Map.of()))).isEqualTo(new RateLimit(200, 1000, 100));
        assertThat(RateLimit.from(Settings.of(Map.of("todo.rate.limit", "50", "todo.rate.burst", "5"))))
                .isEqualTo(new RateLimit(50, 5, 100));
        RateLimit off = RateLimit.from(Settings.of(Map.of("todo.rate.limit", "off")));
        RateLimit.Bucket bucket = off.newBucket(0);
        for (int i = 0; i < 100_000; i++) {
            assertThat(bucket.tryTake(0)).isTrue();
        }
        assertThatThrownBy(() -> RateLimit.from(Settings.of(Map.of("todo.rate.burst", "-1"))))
                .hasMessageContaining("todo.rate.burst");
    }
}
