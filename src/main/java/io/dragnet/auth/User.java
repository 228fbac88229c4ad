package io.dragnet.auth;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** A person with a global API key (the legacy X-Auth-Email + X-Auth-Key scheme): write access to their accounts. */
public record User(String id, String email, List<String> accountIds, Instant createdAt) {
    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(createdAt, "createdAt");
        accountIds = List.copyOf(accountIds);
        if (!Authenticator.looksLikeEmail(email)) {
            throw new IllegalArgumentException("'" + email + "' is not an email address.");
        }
    }

    Principal principal() {
        return new Principal("user:" + id, email, Permission.WRITE, Set.copyOf(accountIds));
    }

    /** A user just made, with the global key the caller must show once and then forget. */
    public record Issued(User user, String globalKey) {
    }
}
