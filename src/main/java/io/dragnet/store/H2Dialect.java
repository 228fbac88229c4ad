package io.dragnet.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** H2: one prepared statement, executed as a JDBC batch. */
record H2Dialect() implements Dialect {
    /** The most page cache the index builds borrow: a gigabyte, in H2's kilobytes. */
    private static final long BUILD_CACHE_KB = 1024 * 1024;

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
     * slower. It takes a quarter of the heap that the JVM H2 runs in has taken so far (another
     * process's, when that one serves the file, which is why H2 is asked and not this JVM), at
     * most a gigabyte, and is set back afterwards (SET CACHE_SIZE is kept in the file).
     */
    @Override
    public void whileBuildingIndexes(Jdbi jdbi, Runnable builds) {
        long before = jdbi.withHandle(H2Dialect::cacheKilobytes);
        long wanted = jdbi.withHandle(handle -> Math.min(BUILD_CACHE_KB,
                handle.createQuery("SELECT (MEMORY_FREE() + MEMORY_USED()) / 4").mapTo(Long.class).one()));
        if (wanted <= before) {
            builds.run();
            return;
        }
        jdbi.useHandle(handle -> handle.execute("SET CACHE_SIZE " + wanted));
        try {
            builds.run();
        } finally {
            jdbi.useHandle(handle -> handle.execute("SET CACHE_SIZE " + before));
        }
    }

    /** The page cache's size in KB (H2 reports MB); none, so as large as can be, for a store in memory. */
    private static long cacheKilobytes(Handle handle) {
        return handle.createQuery("SELECT CAST(setting_value AS BIGINT) FROM information_schema.settings"
                        + " WHERE setting_name = 'info.CACHE_MAX_SIZE'").mapTo(Long.class).findOne()
                .map(megabytes -> megabytes * 1024).orElse(Long.MAX_VALUE);
    }

    @Override
    public String indexDefinition(Handle handle, String index) {
        List<Map<String, Object>> columns = handle.createQuery("""
                        SELECT i.index_type_name, c.table_name, c.column_name, c.ordering_specification
                          FROM information_schema.indexes i
                          JOIN information_schema.index_columns c
                            ON c.index_schema = i.index_schema AND c.index_name = i.index_name
                         WHERE i.index_schema = SCHEMA() AND i.index_name = UPPER(:index)
                           AND i.index_type_name IN ('INDEX', 'UNIQUE INDEX')
                           AND NOT EXISTS (SELECT 1 FROM information_schema.table_constraints k
                                            WHERE k.index_schema = i.index_schema AND k.index_name = i.index_name)
                         ORDER BY c.ordinal_position""")
                .bind("index", index).mapToMap().list();
        if (columns.isEmpty()) {
            return null;
        }
        List<String> keys = new ArrayList<>();
        for (Map<String, Object> column : columns) {
            keys.add(column.get("column_name") + ("DESC".equals(column.get("ordering_specification")) ? " DESC" : ""));
        }
        String unique = "UNIQUE INDEX".equals(columns.get(0).get("index_type_name")) ? "UNIQUE " : "";
        return "CREATE " + unique + "INDEX IF NOT EXISTS " + index + " ON " + columns.get(0).get("table_name") + " (" + String.join(", ", keys) + ")";
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
        insert(handle, batch, new String[0]);
    }

    /** The generated values come with the insert, as JDBC's generated keys, which H2 gives for any columns asked. */
    @Override
    public Map<String, Long> insertReturning(Handle handle, RowBatch batch, String key, String generated) {
        return insert(handle, batch, new String[] {key, generated});
    }

    /** Inserts the batch; with two columns {@code returned}, gives the second's value in each row by the first's. */
    private static Map<String, Long> insert(Handle handle, RowBatch batch, String[] returned) {
        Map<String, Long> values = new HashMap<>();
        if (batch.isEmpty()) {
            return values;
        }
        String placeholders = String.join(", ", Collections.nCopies(batch.columns().size(), "?"));
        String sql = "INSERT INTO " + batch.table() + " (" + String.join(", ", batch.columns()) + ") VALUES (" + placeholders + ")";
        try (PreparedStatement statement = handle.getConnection().prepareStatement(sql, returned)) {
            for (Object[] row : batch.rows()) {
                for (int i = 0; i < row.length; i++) {
                    statement.setObject(i + 1, row[i] instanceof Instant instant ? SqlTime.utc(instant) : row[i]);
                }
                statement.addBatch();
            }
            statement.executeBatch();
            if (returned.length > 0) {
                try (ResultSet keys = statement.getGeneratedKeys()) {
                    while (keys.next()) {
                        values.put(keys.getString(1), keys.getLong(2));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("INSERT into " + batch.table() + " of " + batch.rows().size() + " rows failed: "
                    + e.getMessage(), e);
        }
        return values;
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
