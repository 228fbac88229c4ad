package io.dragnet.store;

/**
 * The SQL that differs between the databases. Everything else is written once, in the portable
 * subset both share; a statement goes here only when no common form exists.
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

    record H2() implements Dialect {
        @Override
        public String analyze(String table) {
            return "ANALYZE TABLE " + table;
        }
    }

    record Postgres() implements Dialect {
        @Override
        public String analyze(String table) {
            return "ANALYZE " + table;
        }
    }
}
