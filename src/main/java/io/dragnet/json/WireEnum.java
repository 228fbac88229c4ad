package io.dragnet.json;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** An enum whose constants travel on the wire under names Java constants cannot carry ({@code MALICIOUS-BEC}). */
public interface WireEnum {
    @JsonValue
    String wire();

    static <E extends Enum<E> & WireEnum> Optional<E> parse(Class<E> type, String text) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.wire().equals(text)).findFirst();
    }

    static <E extends Enum<E> & WireEnum> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireEnum::wire).collect(Collectors.joining(", "));
    }
}
