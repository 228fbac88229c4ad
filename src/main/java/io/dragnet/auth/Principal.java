package io.dragnet.auth;

import java.util.Objects;
import java.util.Set;

/**
 * Who is calling, reduced to what decides access: the accounts a credential reaches and what it
 * may do there. API tokens and global API keys both end up as one of these.
 *
 * @param credentialId stable per credential ({@code token:<id>}, {@code user:<id>}): the rate-limit key
 * @param name         shown in the action log as {@code requested_by}
 */
public record Principal(String credentialId, String name, Permission permission, Set<String> accountIds) {
    public Principal {
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(permission, "permission");
        accountIds = Set.copyOf(accountIds);
    }

    public boolean may(Permission needed, String accountId) {
        return accountIds.contains(accountId) && permission.includes(needed);
    }
}
