package io.dragnet.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How a node processes jobs.
 *
 * @param workers      threads claiming and acting; 0 runs no engine on this node (an API-only node)
 * @param batchSize    the most rows of one mailbox claimed at once
 * @param leaseTimeout how long a node may go without a heartbeat before its claimed rows are
 *                     given to another node; heartbeats come every third of it
 * @param pollInterval how long an idle worker waits before looking for work again (new jobs
 *                     created on this node wake it at once)
 * @param retry        backoff and attempts for transient failures
 * @param maxRate      the most copies this node acts on per second, all workers together; 0 for no cap
 */
public record EngineConfig(int workers, int batchSize, Duration leaseTimeout, Duration pollInterval, RetryPolicy retry,
                           int maxRate) {
    public static final Duration DEFAULT_LEASE_TIMEOUT = Duration.ofSeconds(60);
    public static final EngineConfig NONE = new EngineConfig(0, 500, DEFAULT_LEASE_TIMEOUT, Duration.ofSeconds(1), RetryPolicy.DEFAULT, 0);

    public EngineConfig {
        Objects.requireNonNull(leaseTimeout, "leaseTimeout");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(retry, "retry");
        if (workers < 0) {
            throw new IllegalArgumentException("workers must not be negative, was " + workers);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        if (leaseTimeout.toMillis() < 300) {
            throw new IllegalArgumentException("leaseTimeout must be at least 300 ms, was " + leaseTimeout);
        }
        if (maxRate < 0) {
            throw new IllegalArgumentException("maxRate must not be negative, was " + maxRate);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, was " + pollInterval);
        }
    }

    public static EngineConfig workers(int workers) {
        return new EngineConfig(workers, NONE.batchSize, NONE.leaseTimeout, NONE.pollInterval, NONE.retry, 0);
    }

    public EngineConfig withLeaseTimeout(Duration leaseTimeout) {
        return new EngineConfig(workers, batchSize, leaseTimeout, pollInterval, retry, maxRate);
    }

    public EngineConfig withRetry(RetryPolicy retry) {
        return new EngineConfig(workers, batchSize, leaseTimeout, pollInterval, retry, maxRate);
    }

    public EngineConfig withBatchSize(int batchSize) {
        return new EngineConfig(workers, batchSize, leaseTimeout, pollInterval, retry, maxRate);
    }

    /** Heartbeats come often enough that two can be missed before a lease expires. */
    public Duration heartbeatInterval() {
        return leaseTimeout.dividedBy(3);
    }
}
