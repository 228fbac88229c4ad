package io.dragnet.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * When a copy that failed for a transient reason is tried again: exponential backoff with jitter,
 * never sooner than the connector asked, and at most {@code maxAttempts} attempts in all.
 *
 * @param maxAttempts attempts in all, the first included; the last transient failure fails the row
 * @param firstDelay  the delay before the first retry; each later one doubles it
 * @param maxDelay    the longest delay, however many attempts have failed
 */
public record RetryPolicy(int maxAttempts, Duration firstDelay, Duration maxDelay) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(10), Duration.ofMinutes(15));

    public RetryPolicy {
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= firstDelay <= maxDelay, were " + firstDelay + " and " + maxDelay);
        }
    }

    /** Whether a row whose {@code attempts}-th attempt just failed transiently may be tried again. */
    public boolean mayRetry(int attempts) {
        return attempts < maxAttempts;
    }

    /**
     * The wait before the next attempt after {@code attempts} failed ones. Jitter (a random half of
     * the backoff) spreads the retries of a throttled mailbox's many copies over time instead of
     * sending them back together.
     *
     * @param hint   the connector's retry-after, or null
     * @param random a number in [0, 1)
     */
    public Duration delay(int attempts, Duration hint, double random) {
        long first = firstDelay.toMillis();
        long backoff = first << Math.min(attempts - 1, 30);
        if (backoff < first || backoff > maxDelay.toMillis()) {
            backoff = maxDelay.toMillis();
        }
        long jittered = backoff / 2 + (long) (backoff / 2.0 * random);
        Duration delay = Duration.ofMillis(jittered);
        return hint != null && hint.compareTo(delay) > 0 ? hint : delay;
    }
}
