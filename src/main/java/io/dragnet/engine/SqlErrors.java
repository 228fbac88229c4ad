package io.dragnet.engine;

import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the database said, found in an exception Jdbi wrapped: along the causes and, for a JDBC
 * batch, along each one's next exceptions, where the driver puts the statement that failed.
 */
final class SqlErrors {
    /** SQLSTATE of a unique violation, on PostgreSQL and H2 alike. */
    static final String UNIQUE_VIOLATION = "23505";

    private SqlErrors() {
    }

    /** The first SQL error with a state that {@code wanted} accepts. */
    static Optional<SQLException> find(Throwable error, Predicate<String> wanted) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            for (SQLException next = cause instanceof SQLException sql ? sql : null; next != null; next = next.getNextException()) {
                if (next.getSQLState() != null && wanted.test(next.getSQLState())) {
                    return Optional.of(next);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the database says to try again: a deadlock or serialization failure (class 40), a
     * connection lost (class 08).
     */
    static boolean worthRetrying(String state) {
        return state.startsWith("40") || state.startsWith("08");
    }
}
