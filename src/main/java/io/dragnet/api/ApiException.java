package io.dragnet.api;

import java.util.Map;

/** A failure answer of the contract's error table: the status, the one error and any headers it needs. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final ApiMessage error;
    private final Map<String, String> headers;

    ApiException(int status, ApiMessage error, Map<String, String> headers) {
        super(error.message(), null, false, false);
        this.status = status;
        this.error = error;
        this.headers = Map.copyOf(headers);
    }

    ApiException(int status, ApiMessage error) {
        this(status, error, Map.of());
    }

    public int status() {
        return status;
    }

    public ApiMessage error() {
        return error;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
