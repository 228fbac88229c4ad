package io.dragnet.job;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One (message, recipient) row of a job: the unit the engine claims, acts on and counts. */
public record JobMessage(
        UUID id,
        UUID jobId,
        String postfixId,
        String emailMessageId,
        String alertId,
        String clientRecipient,
        MessageStatus status,
        int retryCount,
        Instant retryAfter,
        Instant processedAt,
        String statusMessage,
        Instant createdAt) {

    public JobMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(postfixId, "postfixId");
        Objects.requireNonNull(clientRecipient, "clientRecipient");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        if (retryCount < 0) {
            throw new IllegalArgumentException("retry_count must not be negative: " + retryCount);
        }
    }
}
