package io.dragnet.cli;

import io.dragnet.time.Durations;
import picocli.CommandLine;

import java.time.Duration;

/** Reads durations as people write them: {@code 90s}, {@code 5m}, {@code 12h}, {@code 30d}, or ISO-8601 {@code PT5M}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
