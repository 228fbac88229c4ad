package io.dragnet.json;

import java.time.Instant;
import java.util.Optional;

/**
 * Named, typed input fields with a JSON Pointer for each: a JSON object of a request body
 * ({@link JsonFields}) or a query string. Lets one parser read the same parameters from either.
 */
public interface FieldSource {
    /** Where these fields stand: {@code ""} for the body itself, {@code /search_params}, {@code /query}. */
    String pointer();

    String pointer(String name);

    boolean isPresent(String name);

    Optional<String> string(String name, int maxLength);

    Optional<Boolean> bool(String name);

    <E extends Enum<E> & WireEnum> Optional<E> enumValue(String name, Class<E> type);

    Optional<Instant> dateTime(String name);
}
