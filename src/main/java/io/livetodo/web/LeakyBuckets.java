package io.livetodo.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A level per key (a client address, a user name) that each event raises by one, up to {@code capacity}, and that
 * drains continuously, by one every {@code drainNanos}: a key has room for an event while its level is at most
 * {@code capacity - 1}, so it is full after {@code capacity} events in a burst, then has room for one more per drain
 * period. At most {@code maxKeys} are remembered, the longest unused forgotten first, so a flood of
 * new keys costs bounded memory. Thread-safe; each call is short.
 */
public final class LeakyBuckets {

    private final int capacity;
    private final long drainNanos;
    private final Map<String, Bucket> buckets;

    public LeakyBuckets(int capacity, long drainNanos, int maxKeys) {
        this.capacity = capacity;
        this.drainNanos = drainNanos;
        this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxKeys;
            }
        };
    }

    private static final class Bucket {
        double level;
        long last;
        boolean reported;
    }

    /** Nanoseconds until {@code key} has room for one more event; 0 if it has room now (or is null). */
    public synchronized long waitNanos(String key, long now) {
        Bucket bucket = key == null ? null : buckets.get(key);
        if (bucket == null) {
            return 0;
        }
        drain(bucket, now);
        double over = bucket.level + 1 - capacity; // room for one more while the level is at most capacity - 1
        return over <= 0 ? 0 : (long) Math.ceil(over * drainNanos);
    }

    /**
     * One event for {@code key} (null: none). Returns true the first time the key is full since it last had room,
     * so that a caller can say so once.
     */
    public synchronized boolean add(String key, long now) {
        if (key == null) {
            return false;
        }
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            bucket = new Bucket();
            bucket.last = now;
            buckets.put(key, bucket);
        }
        drain(bucket, now);
        bucket.level = Math.min(capacity, bucket.level + 1);
        if (bucket.level > capacity - 1 && !bucket.reported) {
            bucket.reported = true;
            return true;
        }
        return false;
    }

    public int capacity() {
        return capacity;
    }

    private void drain(Bucket bucket, long now) {
        bucket.level = Math.max(0, bucket.level - (double) (now - bucket.last) / drainNanos);
        bucket.last = now;
        if (bucket.level == 0) {
            bucket.reported = false;
        }
    }
}
