package io.dragnet.index;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.field.DateTimeField;
import org.apache.james.mime4j.dom.field.ParsedField;
import org.apache.james.mime4j.field.LenientFieldParser;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The dates of mail headers (Date, the end of a Received header), as RFC 5322 writes them and as mail really has them. */
final class MailDate {
    private MailDate() {
    }

    /** A header's date, or null when it has none or it cannot be read. */
    static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Instant strict = rfc5322Date(text);
        return strict != null ? strict : lenient(text);
    }

    /**
     * The common case, a well-formed date ({@code Tue, 3 Nov 2026 10:15:00 +0100 (CET)}), read by
     * java.time directly. mime4j's lenient parser tries its patterns one by one, failing with an
     * exception each time, which made dates a sixth of the import's parsing time; what java.time
     * refuses or misreads (obsolete zones, two-digit years, a wrong weekday) still goes to it.
     */
    private static Instant rfc5322Date(String text) {
        String date = text.strip();
        if (date.endsWith(")")) {
            int comment = date.lastIndexOf('(');
            date = comment < 0 ? date : date.substring(0, comment).stripTrailing();
        }
        try {
            OffsetDateTime parsed = OffsetDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME);
            // java.time reads an obsolete two-digit year ("23 Nov 26") as the year 26; mime4j
            // applies RFC 5322's rule (below 50 is 20xx, else 19xx)
            return parsed.getYear() < 1000 ? null : parsed.toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** mime4j's reading, which tries its patterns one by one. */
    static Instant lenient(String text) {
        try {
            ParsedField parsed = LenientFieldParser.parse("Date: " + text, DecodeMonitor.SILENT);
            if (parsed instanceof DateTimeField field && field.getDate() != null) {
                return field.getDate().toInstant();
            }
        } catch (MimeException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
