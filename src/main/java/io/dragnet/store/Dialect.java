package io.dragnet.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.List;
import java.util.Map;

/**
 * The SQL that differs between the databases. Everything else is written once, in the portable
 * subset both share; a statement goes here only when no common form exists or one is much faster.
 */
public sealed interface Dialect permits H2Dialect, PostgresDialect {

    static Dialect of(Vendor vendor) {
        return switch (vendor) {
            case H2 -> new H2Dialect();
            case POSTGRESQL -> new PostgresDialect();
        };
    }

    /** Refreshes the planner's statistics of a table after a bulk load. */
    String analyze(String table);

    /**
     * Refreshes the table's size and the statistics of these columns only: a table with long text
     * columns that no query filters on costs most of a full ANALYZE in them.
     */
    String analyze(String table, List<String> columns);

    /**
     * Queries that finish a bulk load of a table, besides {@link #analyze}: work the database
     * deferred while rows arrived, which searches would otherwise pay for.
     */
    List<String> settle(String table);

    /**
     * Whether statistics must be refreshed while a table is being filled. PostgreSQL plans from
     * them and, believing a growing table empty, answers indexed lookups with scans; H2 picks its
     * indexes without them, and its ANALYZE reads whole tables.
     */
    boolean plansFromStatistics();

    /**
     * Whether DDL takes part in a transaction: PostgreSQL's does (a CREATE INDEX rolls back with
     * the rest); H2 commits the open transaction when a DDL statement runs.
     */
    boolean transactionalDdl();

    /**
     * How many connections build the indexes a bulk load deferred at once ({@link DeferredIndexes}).
     */
    int indexBuilders();

    /** Whether an index of this definition takes much longer to build than a B-tree, so is built first. */
    boolean buildsSlowly(String indexDefinition);

    /**
     * Runs a bulk load's index builds with what the database needs for them, and puts back what
     * it changed; holds no connection while they run, since the builds need every one the pool has.
     */
    void whileBuildingIndexes(Jdbi jdbi, Runnable builds);

    /**
     * An SQL expression that yields a new UUIDv7 for each row of an INSERT … SELECT, as
     * {@link TimeOrderedIds} does in Java: rows written together share a primary-key page.
     */
    String newTimeOrderedUuid();

    /**
     * The statement that builds the named index of the current schema as it is now,
     * {@code CREATE [UNIQUE] INDEX IF NOT EXISTS …}; null when there is no such index, or when a
     * constraint owns it (it cannot be dropped alone).
     */
    String indexDefinition(Handle handle, String index);

    /**
     * The elements of a VARCHAR array parameter as a table {@code alias(v)}. Joined on an index's
     * columns, each element is one index lookup on both databases, where {@code = ANY(:p)} on an
     * index's second column is one on PostgreSQL but a filter over every row of the first on H2.
     */
    String arrayTable(String parameter, String alias);

    /** Writes every row of the batch within the handle's transaction. */
    void insert(Handle handle, RowBatch batch);

    /**
     * Writes the batch as {@link #insert} does, and gives the value the database generated for
     * column {@code generated} in each row, by the row's value of column {@code key}, which is
     * unique. PostgreSQL reads them back by the key, so it needs an index on the key while rows are
     * written; H2 hands them over with the insert, so there the index may have been deferred.
     */
    Map<String, Long> insertReturning(Handle handle, RowBatch batch, String key, String generated);

    /**
     * Updates rows by key: the batch's first column is the key, the others are set to its values.
     * Rows whose key matches nothing are ignored.
     */
    void update(Handle handle, RowBatch batch);

    /**
     * The clause that ends a SELECT of rows a node is about to claim, so that nodes claiming at
     * once pick different rows instead of queueing on the same ones. It is an optimisation only:
     * the claim's guarded UPDATE ({@code … AND status = 'PENDING'}) decides who gets a row.
     */
    String skipLocked();

    /**
     * A WHERE clause for the rows of {@code table} (keyed by {@code id}) that match {@code condition}
     * and that no other transaction holds locked. PostgreSQL skips locked rows, so that a statement
     * run under a lock another transaction waits for never waits for that transaction's rows; H2 has
     * no SKIP LOCKED, and its engine writes one transaction at a time (the engine's WriteGate).
     */
    default String unlocked(String table, String condition) {
        return skipLocked().isEmpty() ? condition : "id IN (SELECT id FROM " + table + " WHERE " + condition + skipLocked() + ")";
    }

    /**
     * How the first row of a claim is chosen among a job's claimable rows: in discovery order,
     * which mixes the mailboxes, so that workers claiming at once start on different mailboxes.
     */
    String firstClaimOrder();
}
