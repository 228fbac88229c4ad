package io.dragnet.index;

import java.util.Objects;

/** A named or disposition-marked part of a message, hashed as decoded. */
public record Attachment(String name, String sha256, long sizeBytes) {
    public Attachment {
        Objects.requireNonNull(sha256, "sha256");
    }
}
