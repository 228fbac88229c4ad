package io.dragnet.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Secondary indexes dropped for a bulk load and built again when it ends, on H2.
 *
 * <p>H2's MVStore writes again, at each save, every page that changed since the last one
 * (copy-on-write). An index whose keys arrive in no order (a sender, a recipient, a Message-ID)
 * changes a page per row, so a bulk load rewrites such an index many times over; building it from
 * the finished table sorts its keys once. Loading 100,000 messages into an empty index took 24 s
 * of index upkeep where building the same indexes took 13 (bench/README.md).
 *
 * <p>Each definition is kept in {@code deferred_indexes} before its index is dropped, so a load
 * that dies leaves the definitions to the next {@link Database#open}, which builds them.
 */
public final class DeferredIndexes implements AutoCloseable {
    /** Nothing deferred: the indexes stay and are kept up row by row. */
    public static final DeferredIndexes NONE = new DeferredIndexes(null);

    private final Jdbi jdbi;

    private DeferredIndexes(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Drops the named indexes of the current schema, keeping their definitions; names it does not find are skipped. */
    static DeferredIndexes drop(Jdbi jdbi, List<String> names) {
        jdbi.useHandle(handle -> {
            for (String name : names) {
                String definition = definition(handle, name);
                if (definition != null) {
                    handle.createUpdate("MERGE INTO deferred_indexes (name, definition) KEY (name) VALUES (:name, :definition)")
                            .bind("name", name).bind("definition", definition).execute();
                    handle.execute("DROP INDEX IF EXISTS " + name);
                }
            }
        });
        return new DeferredIndexes(jdbi);
    }

    /** Builds every index whose definition is kept, and forgets the definition once it is built. */
    static void build(Jdbi jdbi) {
        jdbi.useHandle(handle -> {
            for (Map<String, Object> row : handle.createQuery("SELECT name, definition FROM deferred_indexes ORDER BY name").mapToMap().list()) {
                handle.execute((String) row.get("definition"));
                handle.createUpdate("DELETE FROM deferred_indexes WHERE name = :name").bind("name", row.get("name")).execute();
            }
        });
    }

    /** Builds the indexes this deferral dropped (and any an earlier, interrupted one left). */
    @Override
    public void close() {
        if (jdbi != null) {
            build(jdbi);
        }
    }

    /** {@code CREATE INDEX IF NOT EXISTS …} of a non-unique index, from H2's information schema; null if there is none of that name. */
    private static String definition(Handle handle, String name) {
        List<Map<String, Object>> columns = handle.createQuery("""
                        SELECT c.table_name, c.column_name, c.ordering_specification
                          FROM information_schema.indexes i
                          JOIN information_schema.index_columns c
                            ON c.index_schema = i.index_schema AND c.index_name = i.index_name
                         WHERE i.index_schema = SCHEMA() AND i.index_name = UPPER(:name) AND i.index_type_name = 'INDEX'
                         ORDER BY c.ordinal_position""")
                .bind("name", name).mapToMap().list();
        if (columns.isEmpty()) {
            return null;
        }
        List<String> keys = new ArrayList<>();
        for (Map<String, Object> column : columns) {
            keys.add(column.get("column_name") + ("DESC".equals(column.get("ordering_specification")) ? " DESC" : ""));
        }
        return "CREATE INDEX IF NOT EXISTS " + name + " ON " + columns.get(0).get("table_name") + " (" + String.join(", ", keys) + ")";
    }
}
