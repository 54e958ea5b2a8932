package io.livetodo.metrics;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Durations in fixed buckets (seconds), as Prometheus histograms count them: one adder per bucket, so recording
 * costs a comparison or two and an increment, whatever the number of threads.
 */
public final class Histogram {

    /** From half a millisecond (a fan-out on an idle node) to ten seconds (a send about to time out). */
    static final double[] BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1]; // the last one: above every bound
    private final DoubleAdder sum = new DoubleAdder();

    public Histogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** The upper bounds of the buckets, in seconds (the last bucket, +Inf, is implied). */
    public static double[] bounds() {
        return BOUNDS.clone();
    }

    public void observeNanos(long nanos) {
        observe(Math.max(0, nanos) / 1e9);
    }

    public void observe(double seconds) {
        int i = 0;
        while (i < BOUNDS.length && seconds > BOUNDS[i]) {
            i++;
        }
        buckets[i].increment();
        sum.add(seconds);
    }

    /** Cumulative counts per bound (the last entry is the total count), and the sum of all observations. */
    public Snapshot snapshot() {
        long[] cumulative = new long[buckets.length];
        long running = 0;
        for (int i = 0; i < buckets.length; i++) {
            running += buckets[i].sum();
            cumulative[i] = running;
        }
        return new Snapshot(cumulative, sum.sum());
    }

    public record Snapshot(long[] cumulative, double sum) {
        public long count() {
            return cumulative[cumulative.length - 1];
        }
    }
}
