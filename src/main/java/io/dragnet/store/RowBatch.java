package io.dragnet.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Rows for one table, collected in memory and written in one go by {@link Dialect#insert}. */
public final class RowBatch {
    private final String table;
    private final List<String> columns;
    private final List<Object[]> rows = new ArrayList<>();

    public RowBatch(String table, List<String> columns) {
        this.table = Objects.requireNonNull(table, "table");
        this.columns = List.copyOf(columns);
    }

    /** Values in column order: String, Integer, Long, Boolean, Instant or null. */
    public void add(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(table + " takes " + columns.size() + " values, not " + values.length);
        }
        rows.add(values);
    }

    public String table() {
        return table;
    }

    public List<String> columns() {
        return columns;
    }

    public List<Object[]> rows() {
        return rows;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }
}
