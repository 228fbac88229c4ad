package io.dragnet.auth;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** An API token as stored: never its secret, which is shown once when made. */
public record ApiToken(String id, String name, Permission permission, List<String> accountIds,
                       Instant createdAt, Instant expiresAt, Instant revokedAt) {
    public ApiToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(createdAt, "createdAt");
        accountIds = List.copyOf(accountIds);
        if (accountIds.isEmpty()) {
            throw new IllegalArgumentException("A token needs at least one account.");
        }
    }

    public boolean isActive(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    Principal principal() {
        return new Principal("token:" + id, name, permission, Set.copyOf(accountIds));
    }

    /** A token just made, with the secret the caller must show once and then forget. */
    public record Issued(ApiToken token, String secret) {
    }
}
