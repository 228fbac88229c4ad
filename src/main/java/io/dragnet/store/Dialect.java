package io.dragnet.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Update;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The SQL that differs between the databases. Everything else is written once, in the portable
 * subset both share; a statement goes here only when no common form exists or one is much faster.
 */
public sealed interface Dialect permits Dialect.H2, Dialect.Postgres {

    static Dialect of(Vendor vendor) {
        return switch (vendor) {
            case H2 -> new H2();
            case POSTGRESQL -> new Postgres();
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

    /** Runs a bulk load's index builds with what the database needs for them, and puts back what it changed. */
    void whileBuildingIndexes(Handle handle, Runnable builds);

    /**
     * An SQL expression that yields a new UUIDv7 for each row of an INSERT … SELECT, as
     * {@link TimeOrderedIds} does in Java: rows written together share a primary-key page.
     */
    String newTimeOrderedUuid();

    /**
     * The statement that builds the named non-unique index of the current schema as it is now,
     * {@code CREATE INDEX IF NOT EXISTS …}; null when there is no such index.
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

    /** H2: one prepared statement, executed as a JDBC batch. */
    record H2() implements Dialect {
        @Override
        public String analyze(String table) {
            return "ANALYZE TABLE " + table;
        }

        /** H2 analyzes whole tables only. */
        @Override
        public String analyze(String table, List<String> columns) {
            return analyze(table);
        }

        @Override
        public List<String> settle(String table) {
            return List.of();
        }

        /** A subquery {@code IN (SELECT * FROM UNNEST(?))} would be run again for every row: 19 s instead of 1 ms. */
        @Override
        public String arrayTable(String parameter, String alias) {
            return "TABLE(v VARCHAR = :" + parameter + ") " + alias;
        }

        @Override
        public boolean plansFromStatistics() {
            return false;
        }

        @Override
        public boolean transactionalDdl() {
            return false;
        }

        @Override
        public String newTimeOrderedUuid() {
            return "RANDOM_UUID(7)";
        }

        /**
         * One: two builders were no faster on H2. Each build took longer beside the other, on
         * different tables too (100,000 messages: 15.1 s for the fourteen, against 14.6 one at a time).
         */
        @Override
        public int indexBuilders() {
            return 1;
        }

        @Override
        public boolean buildsSlowly(String indexDefinition) {
            return false;
        }

        /**
         * With a page cache that holds the table: each build reads the whole table, and through
         * H2's default cache of 16 MB every one of a table's builds read it from the file again
         * (100,000 messages: 15.6 s for the fourteen builds, 7.3 s with a cache of 512 MB). The
         * cache grows for the builds alone; a larger one all through an import made its writing
         * slower. It takes a quarter of the heap that H2 runs in (another process's, when that
         * one serves the file), at most a gigabyte, and is set back afterwards (SET CACHE_SIZE is
         * kept in the file).
         */
        @Override
        public void whileBuildingIndexes(Handle handle, Runnable builds) {
            Optional<Long> cache = handle.createQuery("SELECT CAST(setting_value AS BIGINT) FROM information_schema.settings"
                    + " WHERE setting_name = 'info.CACHE_MAX_SIZE'").mapTo(Long.class).findOne(); // none in memory
            long before = cache.orElse(Long.MAX_VALUE / 1024) * 1024; // MB there, KB here
            long wanted = Math.min(handle.createQuery("SELECT (MEMORY_FREE() + MEMORY_USED()) / 4").mapTo(Long.class).one(),
                    BUILD_CACHE_KB);
            if (wanted <= before) {
                builds.run();
                return;
            }
            handle.execute("SET CACHE_SIZE " + wanted);
            try {
                builds.run();
            } finally {
                handle.execute("SET CACHE_SIZE " + before);
            }
        }

        private static final long BUILD_CACHE_KB = 1024 * 1024;

        @Override
        public String indexDefinition(Handle handle, String index) {
            List<Map<String, Object>> columns = handle.createQuery("""
                            SELECT c.table_name, c.column_name, c.ordering_specification
                              FROM information_schema.indexes i
                              JOIN information_schema.index_columns c
                                ON c.index_schema = i.index_schema AND c.index_name = i.index_name
                             WHERE i.index_schema = SCHEMA() AND i.index_name = UPPER(:index) AND i.index_type_name = 'INDEX'
                             ORDER BY c.ordinal_position""")
                    .bind("index", index).mapToMap().list();
            if (columns.isEmpty()) {
                return null;
            }
            List<String> keys = new ArrayList<>();
            for (Map<String, Object> column : columns) {
                keys.add(column.get("column_name") + ("DESC".equals(column.get("ordering_specification")) ? " DESC" : ""));
            }
            return "CREATE INDEX IF NOT EXISTS " + index + " ON " + columns.get(0).get("table_name") + " (" + String.join(", ", keys) + ")";
        }

        /**
         * None: H2 applies LIMIT before it skips locked rows, so a second claimer would get nothing.
         * H2 re-checks an UPDATE's condition once a competing transaction commits, so the guarded
         * UPDATE alone keeps two claimers off the same row.
         */
        @Override
        public String skipLocked() {
            return "";
        }

        /** None: H2 would sort the job's pending rows for it, and the index it reads them by is in discovery order. */
        @Override
        public String firstClaimOrder() {
            return "";
        }

        /**
         * Binds with plain JDBC: Jdbi looks up an argument factory for every value it binds, which
         * was a sixth of an H2 import's writer thread (bench/README.md), and a batch's values are of
         * a handful of known types.
         */
        @Override
        public void insert(Handle handle, RowBatch batch) {
            if (batch.isEmpty()) {
                return;
            }
            String placeholders = String.join(", ", Collections.nCopies(batch.columns().size(), "?"));
            String sql = "INSERT INTO " + batch.table() + " (" + String.join(", ", batch.columns()) + ") VALUES (" + placeholders + ")";
            try (PreparedStatement statement = handle.getConnection().prepareStatement(sql)) {
                for (Object[] row : batch.rows()) {
                    for (int i = 0; i < row.length; i++) {
                        statement.setObject(i + 1, row[i] instanceof Instant instant ? SqlTime.utc(instant) : row[i]);
                    }
                    statement.addBatch();
                }
                statement.executeBatch();
            } catch (SQLException e) {
                throw new IllegalStateException("INSERT into " + batch.table() + " of " + batch.rows().size() + " rows failed: "
                        + e.getMessage(), e);
            }
        }

        @Override
        public void update(Handle handle, RowBatch batch) {
            if (batch.isEmpty()) {
                return;
            }
            List<String> columns = batch.columns();
            String assignments = columns.subList(1, columns.size()).stream().map(c -> c + " = ?").collect(Collectors.joining(", "));
            PreparedBatch statement = handle.prepareBatch("UPDATE " + batch.table() + " SET " + assignments
                    + " WHERE " + columns.get(0) + " = ?");
            for (Object[] row : batch.rows()) {
                for (int i = 1; i < row.length; i++) {
                    statement.bind(i - 1, row[i]);
                }
                statement.bind(row.length - 1, row[0]);
                statement.add();
            }
            statement.execute();
        }
    }

    /**
     * PostgreSQL: {@code COPY … FROM STDIN}, which loads rows several times faster than batched
     * INSERTs because the server parses and plans nothing per row.
     */
    record Postgres() implements Dialect {
        @Override
        public String analyze(String table) {
            return "ANALYZE " + table;
        }

        @Override
        public String analyze(String table, List<String> columns) {
            return "ANALYZE " + table + " (" + String.join(", ", columns) + ")";
        }

        /**
         * Merges the pending lists of the table's GIN indexes, which take a bulk load's entries
         * unsorted (up to the index's gin_pending_list_limit) and which every search through the
         * index reads in full until they are merged.
         */
        @Override
        public List<String> settle(String table) {
            return List.of("""
                    SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i
                      JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
                     WHERE i.indrelid = CAST('%s' AS regclass) AND a.amname = 'gin'""".formatted(table));
        }

        @Override
        public boolean plansFromStatistics() {
            return true;
        }

        @Override
        public boolean transactionalDdl() {
            return true;
        }

        @Override
        public String arrayTable(String parameter, String alias) {
            return "unnest(CAST(:" + parameter + " AS varchar[])) AS " + alias + " (v)";
        }

        @Override
        public String newTimeOrderedUuid() {
            // PostgreSQL 18's uuidv7(), spelled for 15: a random (version 4) UUID whose first 48 bits are
            // replaced by the Unix time in milliseconds, and whose version nibble 0100 becomes 0111
            return "encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing"
                    + " substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6),"
                    + " 52, 1), 53, 1), 'hex')::uuid";
        }

        /**
         * Two: each connection's build runs in a server process of its own. After a first import
         * of 100,000 messages the trigram index of the messages' haystack takes 7.4 s alone and
         * the sixteen others about 5 together, which build beside it.
         */
        @Override
        public int indexBuilders() {
            return 2;
        }

        /** A GIN index (the trigram ones): every row gives it one entry per three characters. */
        @Override
        public boolean buildsSlowly(String indexDefinition) {
            return indexDefinition.contains(" USING gin ");
        }

        @Override
        public void whileBuildingIndexes(Handle handle, Runnable builds) {
            builds.run();
        }

        /** pg_get_indexdef keeps what the migrations gave the index: its method, operator class and storage parameters. */
        @Override
        public String indexDefinition(Handle handle, String index) {
            return handle.createQuery("""
                            SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
                              JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                             WHERE n.nspname = current_schema() AND c.relname = :index AND NOT i.indisunique""")
                    .bind("index", index).mapTo(String.class).findFirst()
                    .map(definition -> definition.replaceFirst("^CREATE INDEX ", "CREATE INDEX IF NOT EXISTS "))
                    .orElse(null);
        }

        @Override
        public String skipLocked() {
            return " FOR UPDATE SKIP LOCKED";
        }

        /**
         * Without it PostgreSQL reads the smaller partial index of claimable rows (V5_2), which is in
         * mailbox order, and every worker would start on the first mailbox and split it with the others.
         */
        @Override
        public String firstClaimOrder() {
            return " ORDER BY seq";
        }

        @Override
        public void insert(Handle handle, RowBatch batch) {
            if (batch.isEmpty()) {
                return;
            }
            try {
                CopyText.copy(handle.getConnection(), batch);
            } catch (SQLException e) {
                throw new IllegalStateException("COPY into " + batch.table() + " of " + batch.rows().size() + " rows failed: "
                        + e.getMessage(), e);
            }
        }

        /**
         * One {@code UPDATE … FROM unnest(…)} with a text array per column: one statement for the
         * batch, and one statement text whatever its size, so neither Jdbi nor the server parses
         * it again. Values arrive as text and take each column's type by assignment.
         */
        @Override
        public void update(Handle handle, RowBatch batch) {
            if (batch.isEmpty()) {
                return;
            }
            List<String> columns = batch.columns();
            String arrays = String.join(", ", Collections.nCopies(columns.size(), "CAST(? AS text[])"));
            String assignments = columns.subList(1, columns.size()).stream().map(c -> c + " = v." + c).collect(Collectors.joining(", "));
            Update update = handle.createUpdate("UPDATE " + batch.table() + " t SET " + assignments + " FROM unnest(" + arrays
                    + ") AS v (" + String.join(", ", columns) + ") WHERE t." + columns.get(0) + " = v." + columns.get(0));
            for (int column = 0; column < columns.size(); column++) {
                String[] values = new String[batch.rows().size()];
                for (int row = 0; row < values.length; row++) {
                    Object value = batch.rows().get(row)[column];
                    values[row] = value == null ? null : value.toString();
                }
                update.bind(column, values);
            }
            update.execute();
        }
    }
}
