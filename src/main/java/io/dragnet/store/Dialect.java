package io.dragnet.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collections;

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
     * Whether statistics must be refreshed while a table is being filled. PostgreSQL plans from
     * them and, believing a growing table empty, answers indexed lookups with scans; H2 picks its
     * indexes without them, and its ANALYZE reads whole tables.
     */
    boolean plansFromStatistics();

    /** An SQL expression that yields a new random UUID for each row of an INSERT … SELECT. */
    String newUuid();

    /** Writes every row of the batch within the handle's transaction. */
    void insert(Handle handle, RowBatch batch);

    /**
     * The clause that ends a SELECT of rows a node is about to claim, so that nodes claiming at
     * once pick different rows instead of queueing on the same ones. It is an optimisation only:
     * the claim's guarded UPDATE ({@code … AND status = 'PENDING'}) decides who gets a row.
     */
    String skipLocked();

    /** H2: one prepared statement, executed as a JDBC batch. */
    record H2() implements Dialect {
        @Override
        public String analyze(String table) {
            return "ANALYZE TABLE " + table;
        }

        @Override
        public boolean plansFromStatistics() {
            return false;
        }

        @Override
        public String newUuid() {
            return "RANDOM_UUID()";
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

        @Override
        public void insert(Handle handle, RowBatch batch) {
            if (batch.isEmpty()) {
                return;
            }
            String placeholders = String.join(", ", Collections.nCopies(batch.columns().size(), "?"));
            PreparedBatch statement = handle.prepareBatch("INSERT INTO " + batch.table() + " ("
                    + String.join(", ", batch.columns()) + ") VALUES (" + placeholders + ")");
            for (Object[] row : batch.rows()) {
                for (int i = 0; i < row.length; i++) {
                    statement.bind(i, row[i]);
                }
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
        private static final DateTimeFormatter TIMESTAMP =
                DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSX").withZone(ZoneOffset.UTC);

        @Override
        public String analyze(String table) {
            return "ANALYZE " + table;
        }

        @Override
        public boolean plansFromStatistics() {
            return true;
        }

        @Override
        public String newUuid() {
            return "gen_random_uuid()";
        }

        @Override
        public String skipLocked() {
            return " FOR UPDATE SKIP LOCKED";
        }

        @Override
        public void insert(Handle handle, RowBatch batch) {
            if (batch.isEmpty()) {
                return;
            }
            StringBuilder text = new StringBuilder(batch.rows().size() * 128);
            for (Object[] row : batch.rows()) {
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        text.append('\t');
                    }
                    appendValue(text, row[i]);
                }
                text.append('\n');
            }
            String sql = "COPY " + batch.table() + " (" + String.join(", ", batch.columns()) + ") FROM STDIN";
            try {
                handle.getConnection().unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(text.toString()));
            } catch (SQLException | IOException e) {
                throw new IllegalStateException("COPY into " + batch.table() + " of " + batch.rows().size() + " rows failed: "
                        + e.getMessage(), e);
            }
        }

        /** COPY's text format: \N for null, backslash escapes for the separators. */
        private static void appendValue(StringBuilder text, Object value) {
            if (value == null) {
                text.append("\\N");
            } else if (value instanceof Instant instant) {
                text.append(TIMESTAMP.format(instant.truncatedTo(ChronoUnit.MICROS)));
            } else if (value instanceof Boolean bool) {
                text.append(bool ? 't' : 'f');
            } else {
                String s = value.toString();
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    switch (c) {
                        case '\\' -> text.append("\\\\");
                        case '\t' -> text.append("\\t");
                        case '\n' -> text.append("\\n");
                        case '\r' -> text.append("\\r");
                        case '\0' -> { } // PostgreSQL text cannot hold NUL; mail headers should not either
                        default -> text.append(c);
                    }
                }
            }
        }
    }
}
