package io.dragnet.testing;

import io.dragnet.store.Database;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The indexes of an H2 test store's schema, each with its columns in order. */
public final class SchemaIndexes {
    private SchemaIndexes() {
    }

    public static Map<String, List<String>> of(Database database) {
        return database.jdbi().withHandle(h -> {
            Map<String, List<String>> columns = new TreeMap<>();
            h.createQuery("""
                            SELECT index_name, column_name FROM information_schema.index_columns
                             WHERE index_schema = SCHEMA() ORDER BY index_name, ordinal_position""")
                    .map((rs, ctx) -> columns.computeIfAbsent(rs.getString("index_name"), k -> new ArrayList<>())
                            .add(rs.getString("column_name")))
                    .list();
            return columns;
        });
    }
}
