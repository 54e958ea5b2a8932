package io.livetodo.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeakyBucketsTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void full_after_capacity_events_then_room_for_one_per_drain_period() {
        LeakyBuckets buckets = new LeakyBuckets(3, 10 * SECOND, 100);
        assertThat(buckets.add("a", 0)).isFalse();
        assertThat(buckets.add("a", SECOND)).isFalse();
        assertThat(buckets.waitNanos("a", 2 * SECOND)).as("room for a third").isZero();
        assertThat(buckets.add("a", 2 * SECOND)).as("full: said once").isTrue();
        assertThat(buckets.waitNanos("a", 2 * SECOND)).isPositive();
        assertThat(buckets.add("a", 2 * SECOND)).as("not said again").isFalse();
        assertThat(buckets.waitNanos("a", 12 * SECOND)).as("one drained").isZero();
        assertThat(buckets.waitNanos("b", 2 * SECOND)).as("another key").isZero();
        assertThat(buckets.waitNanos(null, 0)).isZero();
    }

    @Test
    void it_remembers_a_bounded_number_of_keys_the_longest_unused_forgotten_first() {
        LeakyBuckets buckets = new LeakyBuckets(1, SECOND, 1000);
        buckets.add("first", 0);
        for (int i = 0; i < 1000; i++) {
            buckets.add("key" + i, 0);
        }
        assertThat(buckets.waitNanos("first", 0)).as("forgotten").isZero();
        assertThat(buckets.waitNanos("key999", 0)).isPositive();
    }
}
