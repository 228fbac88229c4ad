package io.dragnet.store;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Streams a {@link RowBatch} into PostgreSQL's {@code COPY … FROM STDIN} in its text format.
 *
 * <p>This is import's hottest code in the JVM: a batch of messages is a megabyte of text. Rows go
 * out in 64 KB chunks rather than as one string, values without a character to escape are
 * appended whole, and timestamps are written field by field instead of through a formatter.
 */
final class CopyText {
    private static final int CHUNK = 1 << 16;
    private static final DateTimeFormatter UNUSUAL_YEARS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSX").withZone(ZoneOffset.UTC);

    private CopyText() {
    }

    static void copy(Connection connection, RowBatch batch) throws SQLException {
        String sql = "COPY " + batch.table() + " (" + String.join(", ", batch.columns()) + ") FROM STDIN";
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            StringBuilder text = new StringBuilder(CHUNK + 8192);
            for (Object[] row : batch.rows()) {
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        text.append('\t');
                    }
                    appendValue(text, row[i]);
                }
                text.append('\n');
                if (text.length() >= CHUNK) {
                    send(copy, text);
                }
            }
            send(copy, text);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void send(CopyIn copy, StringBuilder text) throws SQLException {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        text.setLength(0);
    }

    /** COPY's text format: \N for null, backslash escapes for the separators. */
    static void appendValue(StringBuilder text, Object value) {
        if (value == null) {
            text.append("\\N");
        } else if (value instanceof Instant instant) {
            appendTimestamp(text, instant);
        } else if (value instanceof Boolean bool) {
            text.append(bool ? 't' : 'f');
        } else {
            appendEscaped(text, value.toString());
        }
    }

    private static void appendEscaped(StringBuilder text, String s) {
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '\t' || c == '\n' || c == '\r' || c == '\0') {
                text.append(s, from, i);
                switch (c) {
                    case '\\' -> text.append("\\\\");
                    case '\t' -> text.append("\\t");
                    case '\n' -> text.append("\\n");
                    case '\r' -> text.append("\\r");
                    default -> { } // PostgreSQL text cannot hold NUL; mail headers should not either
                }
                from = i + 1;
            }
        }
        text.append(s, from, s.length());
    }

    /** {@code 2026-11-23 11:59:50.123456Z}: UTC, cut to the microseconds both databases keep. */
    static void appendTimestamp(StringBuilder text, Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        if (t.getYear() < 1000 || t.getYear() > 9999) {
            text.append(UNUSUAL_YEARS.format(instant.truncatedTo(ChronoUnit.MICROS)));
            return;
        }
        text.append(t.getYear()).append('-');
        two(text, t.getMonthValue()).append('-');
        two(text, t.getDayOfMonth()).append(' ');
        two(text, t.getHour()).append(':');
        two(text, t.getMinute()).append(':');
        two(text, t.getSecond()).append('.');
        int micros = instant.getNano() / 1000;
        for (int unit = 100_000; unit > 0; unit /= 10) {
            text.append((char) ('0' + micros / unit % 10));
        }
        text.append('Z');
    }

    private static StringBuilder two(StringBuilder text, int value) {
        return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
