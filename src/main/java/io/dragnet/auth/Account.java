package io.dragnet.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/** A tenant. Every job and message belongs to exactly one account. */
public record Account(String id, String name, Instant createdAt) {
    /** At most 32 characters as the contract says; letters, digits, '-' and '_' so an id is safe in a URL path. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("An account id is 1 to 32 letters, digits, '-' or '_'; '" + id + "' is not.");
        }
        if (name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("An account name is 1 to 200 characters and not blank.");
        }
    }
}
