package io.dragnet.testing;

import io.dragnet.store.Database;

import java.util.Map;
import java.util.TreeMap;

/** The indexes of a test store's schema, by lowercase name, each with what defines it. */
public final class SchemaIndexes {
    private SchemaIndexes() {
    }

    /** H2: the index's kind (unique or not) and columns in order; PostgreSQL: its whole definition ({@code pg_indexes.indexdef}). */
    public static Map<String, String> of(Database database) {
        String sql = switch (database.vendor()) {
            case H2 -> """
                    SELECT LOWER(c.index_name) AS name, MAX(i.index_type_name) || ' ('
                           || LISTAGG(c.column_name, ', ') WITHIN GROUP (ORDER BY c.ordinal_position) || ')' AS definition
                      FROM information_schema.index_columns c
                      JOIN information_schema.indexes i ON i.index_schema = c.index_schema AND i.index_name = c.index_name
                     WHERE c.index_schema = SCHEMA() GROUP BY c.index_name""";
            case POSTGRESQL -> "SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE schemaname = current_schema()";
        };
        return database.jdbi().withHandle(h -> {
            Map<String, String> indexes = new TreeMap<>();
            h.createQuery(sql).map((rs, ctx) -> indexes.put(rs.getString("name"), rs.getString("definition"))).list();
            return indexes;
        });
    }
}
