package io.dragnet.testing;

import java.util.Map;

/** The auth headers a test request carries. */
public record Credentials(Map<String, String> headers) {
    public static final Credentials NONE = new Credentials(Map.of());

    public static Credentials bearer(String token) {
        return new Credentials(Map.of("Authorization", "Bearer " + token));
    }

    public static Credentials globalKey(String email, String key) {
        return new Credentials(Map.of("X-Auth-Email", email, "X-Auth-Key", key));
    }

    public static Credentials raw(Map<String, String> headers) {
        return new Credentials(headers);
    }
}
