package io.dragnet.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Writes and reads TIMESTAMP WITH TIME ZONE columns as Instants, the same way on H2 and PostgreSQL. */
public final class SqlTime {
    private SqlTime() {
    }

    /**
     * The value to bind: a UTC OffsetDateTime, which both drivers map exactly (a java.sql.Timestamp
     * would pass through the JVM's zone), cut to microseconds, the precision of both databases,
     * because PostgreSQL would round the nanoseconds of a Java clock up, and an expiry stored later
     * than it was set is a bug.
     */
    static OffsetDateTime utc(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet resultSet, String column) throws SQLException {
        OffsetDateTime value = resultSet.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Instant instant(ResultSet resultSet, int column) throws SQLException {
        OffsetDateTime value = resultSet.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
