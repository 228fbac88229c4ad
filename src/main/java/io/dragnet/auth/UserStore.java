package io.dragnet.auth;

import io.dragnet.store.Database;
import io.dragnet.store.SqlTime;
import org.jdbi.v3.core.Jdbi;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

public final class UserStore {
    private final Jdbi jdbi;

    public UserStore(Database database) {
        this.jdbi = database.jdbi();
    }

    /**
     * Creates the user, or adds the accounts to an existing user with that email; either way a new
     * global key replaces any earlier one, as "rotating" a key does at Cloudflare.
     */
    public User.Issued create(String email, List<String> accountIds, Instant now) {
        String normalized = email.trim().toLowerCase(Locale.ROOT);
        if (!Authenticator.looksLikeEmail(normalized)) {
            throw new IllegalArgumentException("'" + email + "' is not an email address.");
        }
        String key = Secrets.newGlobalKey();
        String id = jdbi.inTransaction(handle -> {
            AccountStore.requireExisting(handle, accountIds);
            Optional<String> existing = handle.createQuery("SELECT id FROM users WHERE email = :email")
                    .bind("email", normalized).mapTo(String.class).findOne();
            String userId = existing.orElseGet(() -> UUID.randomUUID().toString());
            if (existing.isPresent()) {
                handle.createUpdate("UPDATE users SET key_hash = :hash WHERE id = :id")
                        .bind("hash", Secrets.sha256(key)).bind("id", userId).execute();
            } else {
                handle.createUpdate("INSERT INTO users (id, email, key_hash, created_at) VALUES (:id, :email, :hash, :now)")
                        .bind("id", userId).bind("email", normalized).bind("hash", Secrets.sha256(key)).bind("now", now)
                        .execute();
            }
            List<String> linked = handle.createQuery("SELECT account_id FROM user_accounts WHERE user_id = :id")
                    .bind("id", userId).mapTo(String.class).list();
            for (String accountId : accountIds) {
                if (!linked.contains(accountId)) {
                    handle.createUpdate("INSERT INTO user_accounts (user_id, account_id) VALUES (:user, :account)")
                            .bind("user", userId).bind("account", accountId).execute();
                }
            }
            return userId;
        });
        return new User.Issued(find(id).orElseThrow(), key);
    }

    /** The user with this email, if the key is theirs. */
    public Optional<User> authenticate(String email, String globalKey) {
        String normalized = email.trim().toLowerCase(Locale.ROOT);
        Optional<String[]> row = jdbi.withHandle(handle -> handle.createQuery("SELECT id, key_hash FROM users WHERE email = :email")
                .bind("email", normalized)
                .map((rs, ctx) -> new String[] {rs.getString("id"), rs.getString("key_hash")})
                .findOne());
        // constant-time comparison, so response timing says nothing about how much of a key was right
        return row.filter(r -> MessageDigest.isEqual(
                        r[1].getBytes(StandardCharsets.US_ASCII), Secrets.sha256(globalKey).getBytes(StandardCharsets.US_ASCII)))
                .flatMap(r -> find(r[0]));
    }

    private Optional<User> find(String id) {
        return jdbi.withHandle(handle -> {
            List<String> accounts = handle.createQuery("SELECT account_id FROM user_accounts WHERE user_id = :id ORDER BY account_id")
                    .bind("id", id).mapTo(String.class).list();
            return handle.createQuery("SELECT id, email, created_at FROM users WHERE id = :id")
                    .bind("id", id)
                    .map((rs, ctx) -> new User(rs.getString("id"), rs.getString("email"), accounts,
                            SqlTime.instant(rs, "created_at")))
                    .findOne();
        });
    }
}
