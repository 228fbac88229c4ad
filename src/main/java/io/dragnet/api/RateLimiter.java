package io.dragnet.api;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * A token bucket per credential, in this process's memory: with several nodes each enforces the
 * limit on its own share of the traffic. Cloudflare's own default is 1,200 requests per 5 minutes.
 */
public final class RateLimiter {
    private final Limit limit;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** {@code requests} per {@code window}, refilled gradually. */
    public record Limit(long requests, Duration window) {
        public static final Limit CLOUDFLARE_DEFAULT = new Limit(1200, Duration.ofMinutes(5));

        public Limit {
            Objects.requireNonNull(window, "window");
            if (requests < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("A rate limit needs at least one request per positive window, not "
                        + requests + " per " + window);
            }
        }
    }

    public RateLimiter(Limit limit) {
        this.limit = limit;
    }

    /** Takes one request from the credential's bucket; empty when allowed, else the seconds to wait. */
    public OptionalLong acquire(String credentialId) {
        Bucket bucket = buckets.computeIfAbsent(credentialId, key -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.requests()).refillGreedy(limit.requests(), limit.window()).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        // round up: a client that waits the advertised time must then succeed
        long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
        return OptionalLong.of(seconds);
    }
}
