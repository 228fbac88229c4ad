package io.dragnet.auth;

import io.dragnet.store.Database;
import io.dragnet.store.SqlTime;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;

public final class AccountStore {
    private final Jdbi jdbi;

    public AccountStore(Database database) {
        this.jdbi = database.jdbi();
    }

    /** @throws IllegalArgumentException when the id is taken */
    public Account create(String id, String name, Instant now) {
        Account account = new Account(id, name, now);
        jdbi.useTransaction(handle -> {
            boolean taken = handle.createQuery("SELECT COUNT(*) FROM accounts WHERE id = :id")
                    .bind("id", id).mapTo(Integer.class).one() > 0;
            if (taken) {
                throw new IllegalArgumentException("An account with id " + id + " already exists.");
            }
            handle.createUpdate("INSERT INTO accounts (id, name, created_at) VALUES (:id, :name, :createdAt)")
                    .bind("id", account.id())
                    .bind("name", account.name())
                    .bind("createdAt", account.createdAt())
                    .execute();
        });
        return account;
    }

    public List<Account> list() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT id, name, created_at FROM accounts ORDER BY created_at, id")
                .map((rs, ctx) -> new Account(rs.getString("id"), rs.getString("name"), SqlTime.instant(rs, "created_at")))
                .list());
    }

    /** @throws IllegalArgumentException naming the id when there is no such account */
    public void require(String accountId) {
        jdbi.useHandle(handle -> requireExisting(handle, List.of(accountId)));
    }

    /** Throws with a message naming the first id that does not exist, so a CLI typo is caught before anything is written. */
    static void requireExisting(Handle handle, List<String> accountIds) {
        for (String id : accountIds) {
            boolean exists = handle.createQuery("SELECT COUNT(*) FROM accounts WHERE id = :id")
                    .bind("id", id).mapTo(Integer.class).one() > 0;
            if (!exists) {
                throw new IllegalArgumentException("No account with id " + id + "; create it with 'dragnet account create'.");
            }
        }
    }
}
