package io.dragnet.engine;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

import java.time.Duration;

/**
 * Caps the copies a node acts on per second, shared by its workers, so that a large job does not
 * flood the mail server (or the disk) that users are reading mail from at the same time.
 */
final class ActionThrottle {
    private final Bucket bucket;
    private final long capacity;

    private ActionThrottle(Bucket bucket, long capacity) {
        this.bucket = bucket;
        this.capacity = capacity;
    }

    /** @param perSecond copies per second; 0 means no cap */
    static ActionThrottle of(int perSecond) {
        if (perSecond == 0) {
            return new ActionThrottle(null, 0);
        }
        Bucket bucket = Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
                .build();
        return new ActionThrottle(bucket, perSecond);
    }

    /** Whether there is no cap, so that {@link #acquire} never waits. */
    boolean unlimited() {
        return bucket == null;
    }

    /** Waits until {@code copies} more may be acted on. */
    void acquire(int copies) throws InterruptedException {
        if (bucket == null) {
            return;
        }
        // a batch larger than the bucket is taken in bucket-sized parts
        for (long left = copies; left > 0; left -= capacity) {
            bucket.asBlocking().consume(Math.min(left, capacity));
        }
    }
}
