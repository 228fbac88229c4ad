package io.dragnet.auth;

import io.dragnet.store.Database;
import io.dragnet.store.SqlTime;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

public final class TokenStore {
    private static final String SELECT = """
            SELECT id, name, permission, created_at, expires_at, revoked_at FROM api_tokens
            """;

    private final Jdbi jdbi;

    public TokenStore(Database database) {
        this.jdbi = database.jdbi();
    }

    public ApiToken.Issued create(String name, Permission permission, List<String> accountIds, Instant expiresAt, Instant now) {
        String secret = Secrets.newApiToken();
        ApiToken token = new ApiToken(UUID.randomUUID().toString(), name, permission, accountIds, now, expiresAt, null);
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("The expiry " + expiresAt + " is not in the future.");
        }
        jdbi.useTransaction(handle -> {
            AccountStore.requireExisting(handle, token.accountIds());
            handle.createUpdate("""
                            INSERT INTO api_tokens (id, name, secret_hash, permission, created_at, expires_at)
                            VALUES (:id, :name, :hash, :permission, :createdAt, :expiresAt)""")
                    .bind("id", token.id())
                    .bind("name", token.name())
                    .bind("hash", Secrets.sha256(secret))
                    .bind("permission", token.permission())
                    .bind("createdAt", token.createdAt())
                    .bind("expiresAt", token.expiresAt())
                    .execute();
            for (String accountId : token.accountIds()) {
                handle.createUpdate("INSERT INTO api_token_accounts (token_id, account_id) VALUES (:token, :account)")
                        .bind("token", token.id()).bind("account", accountId).execute();
            }
        });
        return new ApiToken.Issued(token, secret);
    }

    public List<ApiToken> list() {
        return jdbi.withHandle(handle -> withAccounts(handle,
                handle.createQuery(SELECT + " ORDER BY created_at, id").map(TokenStore::row).list()));
    }

    /** The token whose secret this is, active or not: the caller decides what an expired one means. */
    public Optional<ApiToken> findBySecret(String secret) {
        return jdbi.withHandle(handle -> withAccounts(handle,
                handle.createQuery(SELECT + " WHERE secret_hash = :hash").bind("hash", Secrets.sha256(secret))
                        .map(TokenStore::row).list())).stream().findFirst();
    }

    /** @return false when there is no such token or it was already revoked */
    public boolean revoke(String id, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "UPDATE api_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                .bind("now", now).bind("id", id).execute()) == 1;
    }

    private record TokenRow(String id, String name, Permission permission, Instant createdAt, Instant expiresAt, Instant revokedAt) {
    }

    private static TokenRow row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new TokenRow(rs.getString("id"), rs.getString("name"), Permission.valueOf(rs.getString("permission")),
                SqlTime.instant(rs, "created_at"), SqlTime.instant(rs, "expires_at"), SqlTime.instant(rs, "revoked_at"));
    }

    private static List<ApiToken> withAccounts(Handle handle, List<TokenRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> accounts = new HashMap<>();
        handle.createQuery("SELECT token_id, account_id FROM api_token_accounts WHERE token_id IN (<ids>) ORDER BY account_id")
                .bindList("ids", rows.stream().map(TokenRow::id).toList())
                .map((rs, ctx) -> accounts.computeIfAbsent(rs.getString("token_id"), id -> new ArrayList<>())
                        .add(rs.getString("account_id")))
                .list();
        return rows.stream()
                .map(r -> new ApiToken(r.id(), r.name(), r.permission(), accounts.getOrDefault(r.id(), List.of()),
                        r.createdAt(), r.expiresAt(), r.revokedAt()))
                .toList();
    }
}
