package io.dragnet.api;

import io.dragnet.json.FieldSource;
import io.dragnet.json.InputProblem;
import io.dragnet.json.InvalidInputException;
import io.dragnet.json.JsonFields;
import io.dragnet.json.WireEnum;
import io.dragnet.store.PageRequest;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Typed query parameters, located as {@code /query/<name>} in errors. Unknown parameters are
 * ignored, as Cloudflare does: SDKs may send parameters newer than the server.
 */
final class QueryParams implements FieldSource {
    /** A '%' not followed by two hex digits: the servlet layer would drop that parameter silently. */
    private static final Pattern BROKEN_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");
    private static final String PREFIX = "/query";

    private final Context ctx;

    QueryParams(Context ctx) {
        this.ctx = ctx;
        String raw = ctx.queryString();
        if (raw != null && BROKEN_ESCAPE.matcher(raw).find()) {
            throw new InvalidInputException(InputProblem.MALFORMED_REQUEST, PREFIX,
                    "The query string has a malformed %-escape; encode '%' as %25.");
        }
    }

    PageRequest page() {
        int page = integer("page", 1, Integer.MAX_VALUE).orElse(1);
        int perPage = integer("per_page", 1, PageRequest.MAX_PER_PAGE).orElse(PageRequest.DEFAULT_PER_PAGE);
        return new PageRequest(page, perPage);
    }

    @Override
    public String pointer() {
        return PREFIX;
    }

    @Override
    public String pointer(String name) {
        return PREFIX + "/" + name;
    }

    @Override
    public boolean isPresent(String name) {
        return text(name).isPresent();
    }

    @Override
    public Optional<String> string(String name, int maxLength) {
        return text(name).map(text -> {
            if (text.length() > maxLength) {
                throw new InvalidInputException(InputProblem.TOO_LONG, pointer(name), "Query parameter " + name + " is "
                        + text.length() + " characters long; at most " + maxLength + " are allowed.");
            }
            return text;
        });
    }

    @Override
    public Optional<Boolean> bool(String name) {
        return text(name).map(text -> switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException(InputProblem.WRONG_TYPE, pointer(name),
                    "Query parameter " + name + " must be true or false, not '" + JsonFields.abbreviate(text) + "'.");
        });
    }

    @Override
    public <E extends Enum<E> & WireEnum> Optional<E> enumValue(String name, Class<E> type) {
        return text(name).map(text -> WireEnum.parse(type, text).orElseThrow(() -> new InvalidInputException(
                InputProblem.INVALID_ENUM, pointer(name), "Query parameter " + name + " has the invalid value '"
                        + JsonFields.abbreviate(text) + "'; allowed values are " + WireEnum.allowed(type) + ".")));
    }

    @Override
    public Optional<Instant> dateTime(String name) {
        return text(name).map(text -> JsonFields.parseDateTime(text, pointer(name)));
    }

    private Optional<Integer> integer(String name, int min, int max) {
        return text(name).map(text -> {
            if (!text.matches("[+-]?\\d{1,18}")) {
                throw new InvalidInputException(InputProblem.WRONG_TYPE, pointer(name),
                        "Query parameter " + name + " must be an integer, not '" + JsonFields.abbreviate(text) + "'.");
            }
            long value = Long.parseLong(text);
            if (value < min || value > max) {
                throw new InvalidInputException(InputProblem.OUT_OF_RANGE, pointer(name), "Query parameter " + name
                        + " must be between " + min + " and " + max + ", not " + value + ".");
            }
            return (int) value;
        });
    }

    /** The first value; an empty value ({@code ?status=}) counts as absent. */
    Optional<String> text(String name) {
        return Optional.ofNullable(ctx.queryParam(name)).filter(value -> !value.isEmpty());
    }
}
