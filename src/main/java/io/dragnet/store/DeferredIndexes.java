package io.dragnet.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

import java.util.List;
import java.util.Map;

/**
 * Non-unique indexes dropped for a bulk load and built again when it ends.
 *
 * <p>An index whose keys arrive in no order (a sender, a recipient, a Message-ID) takes each row
 * in a random page of its B-tree; building it from the finished table sorts the keys once. On H2,
 * whose MVStore writes every page that changed again at each save (copy-on-write), keeping up
 * fourteen such indexes cost an import of 100,000 messages about 24 s where building them took
 * 13; on PostgreSQL the trigram indexes' upkeep is the dearest part (bench/README.md).
 *
 * <p>Each definition is kept in {@code deferred_indexes} before its index is dropped, so a load
 * that dies leaves the definitions to the next {@link Database#open}, which builds them.
 */
public final class DeferredIndexes implements AutoCloseable {
    /** Nothing deferred: the indexes stay and are kept up row by row. */
    public static final DeferredIndexes NONE = new DeferredIndexes(null, null);

    private final Jdbi jdbi;
    private final Dialect dialect;

    private DeferredIndexes(Jdbi jdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.dialect = dialect;
    }

    /** Drops the named indexes of the current schema, keeping their definitions; names it does not find are skipped. */
    static DeferredIndexes drop(Jdbi jdbi, Dialect dialect, List<String> names) {
        jdbi.useHandle(handle -> {
            for (String name : names) {
                String definition = dialect.indexDefinition(handle, name);
                if (definition != null) {
                    handle.useTransaction(tx -> {
                        tx.createUpdate("DELETE FROM deferred_indexes WHERE name = :name").bind("name", name).execute();
                        tx.createUpdate("INSERT INTO deferred_indexes (name, definition) VALUES (:name, :definition)")
                                .bind("name", name).bind("definition", definition).execute();
                    });
                    handle.execute("DROP INDEX IF EXISTS " + name);
                }
            }
        });
        return new DeferredIndexes(jdbi, dialect);
    }

    /**
     * Builds every index whose definition is kept, and forgets the definition once it is built.
     * Several nodes may start at once with definitions kept. Where DDL is transactional
     * (PostgreSQL), the definition is deleted and its index built in one transaction: the row's
     * lock makes every other builder wait and then find nothing to do, and a builder that dies
     * rolls both back. H2 commits before DDL, so there the index is built first and its
     * definition deleted after; a builder that finds the index begun by another (H2's IF NOT
     * EXISTS does not make them wait) leaves the definition to that one, which deletes it once
     * the index is built, or to the next start if it dies first.
     */
    static void build(Jdbi jdbi, Dialect dialect) {
        jdbi.useHandle(handle -> {
            for (Map<String, Object> row : handle.createQuery("SELECT name, definition FROM deferred_indexes ORDER BY name").mapToMap().list()) {
                String name = (String) row.get("name");
                String definition = (String) row.get("definition");
                if (dialect.transactionalDdl()) {
                    handle.useTransaction(tx -> {
                        if (forget(tx, name) == 1) {
                            tx.execute(definition);
                        }
                    });
                } else {
                    try {
                        handle.execute(definition);
                    } catch (JdbiException e) {
                        if (dialect.indexDefinition(handle, name) == null) {
                            throw e;
                        }
                        continue; // another builder's
                    }
                    forget(handle, name);
                }
            }
        });
    }

    private static int forget(Handle handle, String name) {
        return handle.createUpdate("DELETE FROM deferred_indexes WHERE name = :name").bind("name", name).execute();
    }

    /** Builds the indexes this deferral dropped (and any an earlier, interrupted one left). */
    @Override
    public void close() {
        if (jdbi != null) {
            build(jdbi, dialect);
        }
    }
}
