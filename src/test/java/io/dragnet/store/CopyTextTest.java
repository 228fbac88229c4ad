package io.dragnet.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

class CopyTextTest {

    static String text(Object value) {
        StringBuilder text = new StringBuilder();
        CopyText.appendValue(text, value);
        return text.toString();
    }

    @Test
    void separators_and_backslashes_are_escaped_and_nul_is_dropped() {
        assertThat(text("plain")).isEqualTo("plain");
        assertThat(text("a\tb\nc\rd\\e\0f")).isEqualTo("a\\tb\\nc\\rd\\\\ef");
        assertThat(text("\n")).isEqualTo("\\n");
        assertThat(text("Grüße")).isEqualTo("Grüße");
        assertThat(text(null)).isEqualTo("\\N");
        assertThat(text(true)).isEqualTo("t");
        assertThat(text(42L)).isEqualTo("42");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-23T11:59:50Z", "2026-01-02T03:04:05.123456789Z", "1999-12-31T23:59:59.000001Z",
            "0026-11-23T11:59:50Z", "1000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z", "+10000-01-01T00:00:00Z"})
    void timestamps_are_utc_cut_to_microseconds(String iso) {
        Instant instant = Instant.parse(iso);
        String written = text(instant);
        Instant read = OffsetDateTime.parse(written, DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSX")).toInstant();
        assertThat(read).isEqualTo(instant.minusNanos(instant.getNano() % 1000));
        assertThat(written).endsWith("Z").contains(" ");
    }
}
