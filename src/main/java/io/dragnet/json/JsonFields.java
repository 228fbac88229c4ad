package io.dragnet.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * Typed, located access to the fields of one JSON object of a request body.
 *
 * <p>Unknown fields are refused when the reader is made, before any other check, because a
 * misspelt field ({@code "destinaton"}) is the likeliest cause of a "missing field" that follows.
 * A JSON {@code null} counts as absent: the contract's optional fields are all nullable.
 */
public final class JsonFields implements FieldSource {
    /** RFC 3339: a full date, a time and an offset, with 'T'/'Z' in either case. */
    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toFormatter()
            // SMART would turn February 30 into February 28; a wrong date is an error, not a guess
            .withResolverStyle(ResolverStyle.STRICT);

    private final JsonNode node;
    private final String pointer;

    private JsonFields(JsonNode node, String pointer) {
        this.node = node;
        this.pointer = pointer;
    }

    /** Parses a request body that must be one JSON object. */
    public static JsonFields parseBody(String body, Set<String> allowed) {
        if (body == null || body.isBlank()) {
            throw new InvalidInputException(InputProblem.MALFORMED_JSON, "", "The request body must be a JSON object.");
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(body);
        } catch (JacksonException e) {
            var location = e.getLocation();
            String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            throw new InvalidInputException(InputProblem.MALFORMED_JSON, "",
                    "The request body is not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        return of(tree, "", allowed);
    }

    /** A reader over {@code node}, which must be an object whose field names are all in {@code allowed}. */
    public static JsonFields of(JsonNode node, String pointer, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(InputProblem.WRONG_TYPE, pointer,
                    describe(pointer) + " must be a JSON object, not " + typeOf(node) + ".");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new InvalidInputException(InputProblem.UNKNOWN_FIELD, pointer + "/" + escape(name),
                        "Unknown field '" + name + "'" + (pointer.isEmpty() ? "" : " in " + pointer)
                                + "; allowed fields are " + String.join(", ", allowed.stream().sorted().toList()) + ".");
            }
        }
        return new JsonFields(node, pointer);
    }

    /** Where this object stands in the body: {@code ""} for the body itself. */
    @Override
    public String pointer() {
        return pointer;
    }

    @Override
    public String pointer(String name) {
        return pointer + "/" + escape(name);
    }

    @Override
    public boolean isPresent(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    @Override
    public Optional<String> string(String name, int maxLength) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw wrongType(name, "a string", value);
        }
        String text = value.textValue();
        if (text.length() > maxLength) {
            throw new InvalidInputException(InputProblem.TOO_LONG, pointer(name),
                    "Field " + pointer(name) + " is " + text.length() + " characters long; at most " + maxLength + " are allowed.");
        }
        return Optional.of(text);
    }

    @Override
    public Optional<Boolean> bool(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw wrongType(name, "true or false", value);
        }
        return Optional.of(value.booleanValue());
    }

    @Override
    public <E extends Enum<E> & WireEnum> Optional<E> enumValue(String name, Class<E> type) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw wrongType(name, "one of " + WireEnum.allowed(type), value);
        }
        return Optional.of(WireEnum.parse(type, value.textValue()).orElseThrow(() -> new InvalidInputException(
                InputProblem.INVALID_ENUM, pointer(name),
                "Field " + pointer(name) + " has the invalid value '" + abbreviate(value.textValue())
                        + "'; allowed values are " + WireEnum.allowed(type) + ".")));
    }

    public <E extends Enum<E> & WireEnum> E requiredEnum(String name, Class<E> type) {
        return enumValue(name, type).orElseThrow(() -> missing(name));
    }

    @Override
    public Optional<Instant> dateTime(String name) {
        Optional<String> text = string(name, 64);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parseDateTime(text.get(), pointer(name)));
    }

    public JsonFields requiredObject(String name, Set<String> allowed) {
        JsonNode value = node.get(name);
        if (value == null) {
            throw missing(name);
        }
        return of(value, pointer(name), allowed);
    }

    public InvalidInputException missing(String name) {
        return new InvalidInputException(InputProblem.MISSING_FIELD, pointer(name), "Field " + pointer(name) + " is required.");
    }

    /** Parses an RFC 3339 date-time such as {@code 2026-11-23T18:11:19Z} or {@code 2026-11-23T19:11:19.5+01:00}. */
    public static Instant parseDateTime(String text, String pointer) {
        try {
            return OffsetDateTime.parse(text, RFC_3339).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(InputProblem.INVALID_DATE_TIME, pointer,
                    describe(pointer) + " must be an RFC 3339 date-time such as 2026-11-23T18:11:19Z, not '"
                            + abbreviate(text) + "'.");
        }
    }

    private InvalidInputException wrongType(String name, String expected, JsonNode actual) {
        return new InvalidInputException(InputProblem.WRONG_TYPE, pointer(name),
                "Field " + pointer(name) + " must be " + expected + ", not " + typeOf(actual) + ".");
    }

    private static String describe(String pointer) {
        return pointer.isEmpty() ? "The request body" : "Field " + pointer;
    }

    private static String typeOf(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case NUMBER -> "a number";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case BINARY, MISSING -> "nothing";
        };
    }

    /** Keeps error messages short when a client sends a huge value. */
    public static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }

    /** JSON Pointer escaping (RFC 6901). */
    public static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
