package io.dragnet.job;

/**
 * A job's message counters. They always add up: every discovered row is in exactly one state,
 * and the store changes a counter in the same transaction as the row it counts.
 */
public record Counters(long discovered, long pending, long successful, long failed, long skipped, long cancelled) {
    public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, 0);

    public Counters {
        if (discovered != pending + successful + failed + skipped + cancelled) {
            throw new IllegalStateException("Job counters do not add up: discovered=" + discovered + " pending=" + pending
                    + " successful=" + successful + " failed=" + failed + " skipped=" + skipped + " cancelled=" + cancelled);
        }
    }
}
