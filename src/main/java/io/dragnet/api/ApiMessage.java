package io.dragnet.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Objects;

/** An entry of an envelope's {@code errors} or {@code messages}: {@code {code, message, source?}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiMessage(int code, String message, Source source) {
    public ApiMessage {
        if (code < 1000) {
            throw new IllegalArgumentException("API message codes start at 1000, not " + code);
        }
        Objects.requireNonNull(message, "message");
    }

    public ApiMessage(int code, String message) {
        this(code, message, null);
    }

    /** Where the offending input is: a JSON Pointer into the body, or {@code /query/…}, {@code /path/…}. */
    public record Source(String pointer) {
    }
}
