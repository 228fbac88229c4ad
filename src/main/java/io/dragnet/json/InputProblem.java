package io.dragnet.json;

/**
 * The kinds of bad input the API tells apart. Each has its own error code so that a script can
 * react to the kind without parsing the message; the table is part of the public API
 * (docs/api-errors.md) and codes are never reused.
 */
public enum InputProblem {
    MALFORMED_JSON(1001),
    MISSING_FIELD(1002),
    WRONG_TYPE(1003),
    UNKNOWN_FIELD(1004),
    INVALID_ENUM(1005),
    OUT_OF_RANGE(1006),
    INVALID_DATE_TIME(1007),
    INVALID_COMBINATION(1008),
    TOO_LONG(1009),
    MALFORMED_REQUEST(1010),
    BODY_TOO_LARGE(1011);

    private final int code;

    InputProblem(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
