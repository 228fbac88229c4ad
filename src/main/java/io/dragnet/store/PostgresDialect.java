package io.dragnet.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * PostgreSQL: {@code COPY … FROM STDIN}, which loads rows several times faster than batched
 * INSERTs because the server parses and plans nothing per row.
 */
record PostgresDialect() implements Dialect {
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
    public void whileBuildingIndexes(Jdbi jdbi, Runnable builds) {
        builds.run();
    }

    /** pg_get_indexdef keeps what the migrations gave the index: its method, operator class and storage parameters. */
    @Override
    public String indexDefinition(Handle handle, String index) {
        return handle.createQuery("""
                        SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
                          JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = current_schema() AND c.relname = :index
                           AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)""")
                .bind("index", index).mapTo(String.class).findFirst()
                .map(definition -> definition.replaceFirst("^CREATE (UNIQUE )?INDEX ", "CREATE $1INDEX IF NOT EXISTS "))
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

    @Override
    public Map<String, Long> insertReturning(Handle handle, RowBatch batch, String key, String generated) {
        insert(handle, batch);
        int column = batch.columns().indexOf(key);
        List<String> keys = batch.rows().stream().map(row -> (String) row[column]).toList();
        Map<String, Long> values = new HashMap<>();
        handle.createQuery("SELECT " + key + ", " + generated + " FROM " + batch.table() + " WHERE " + key + " = ANY(:keys)")
                .bindArray("keys", String.class, keys)
                .map((rs, ctx) -> values.put(rs.getString(1), rs.getLong(2)))
                .list();
        return values;
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
