package io.dragnet.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** The body of every response, success or failure. {@code result_info} appears on lists only. */
public record Envelope(
        boolean success,
        List<ApiMessage> errors,
        List<ApiMessage> messages,
        Object result,
        @JsonInclude(JsonInclude.Include.NON_NULL) ResultInfo resultInfo) {

    public static Envelope ok(Object result, List<ApiMessage> messages) {
        return new Envelope(true, List.of(), messages, result, null);
    }

    public static Envelope list(List<?> items, int perPage) {
        return new Envelope(true, List.of(), List.of(), items, ResultInfo.of(items.size(), perPage));
    }

    public static Envelope failure(ApiMessage error) {
        return new Envelope(false, List.of(error), List.of(), null, null);
    }
}
