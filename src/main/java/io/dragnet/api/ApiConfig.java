package io.dragnet.api;

import java.util.Objects;

/**
 * How the API listens.
 *
 * @param port         0 picks a free port (tests)
 * @param maxBodyBytes a create request is a few hundred bytes; anything near this is a mistake or an attack
 */
public record ApiConfig(String host, int port, RateLimiter.Limit rateLimit, long maxBodyBytes) {
    public static final long DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    public ApiConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(rateLimit, "rateLimit");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1024, not " + maxBodyBytes);
        }
    }
}
