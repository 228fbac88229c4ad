package io.dragnet.job;


import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A bulk action job as stored. {@code requestedBy} names the credential that created it, for the action log. */
public record BulkJob(
        UUID id,
        String accountId,
        ActionParams action,
        StoredSearch search,
        JobStatus status,
        Counters counters,
        Instant createdAt,
        Instant startedAt,
        Instant completedAt,
        String comment,
        String statusMessage,
        String requestedBy) {

    public BulkJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(createdAt, "createdAt");
        if (status.isTerminal() && completedAt == null) {
            throw new IllegalArgumentException("job " + id + " is " + status + " but has no completed_at");
        }
    }

    public ActionType actionType() {
        return action.actionType();
    }
}
