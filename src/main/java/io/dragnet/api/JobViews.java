package io.dragnet.api;

import io.dragnet.job.ActionParams;
import io.dragnet.job.ActionType;
import io.dragnet.job.BulkJob;
import io.dragnet.job.JobMessage;
import io.dragnet.job.JobStatus;
import io.dragnet.job.MessageStatus;
import io.dragnet.job.StoredSearch;
import io.dragnet.json.Json;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The wire shapes of jobs and job messages: field for field the contract's objects. */
final class JobViews {
    private JobViews() {
    }

    record Job(
            UUID jobId,
            ActionType actionType,
            ActionParams actionParams,
            Object searchParams,
            JobStatus status,
            long totalMessagesDiscovered,
            long messagesPending,
            long messagesSuccessful,
            long messagesFailed,
            long messagesSkipped,
            long messagesCancelled,
            Instant createdAt,
            Instant startedAt,
            Instant completedAt,
            String comment,
            String statusMessage) {
    }

    record Message(
            UUID messageId,
            ActionType actionType,
            Map<String, Object> actionParams,
            String postfixId,
            String emailMessageId,
            String alertId,
            MessageStatus status,
            int retryCount,
            Instant retryAfter,
            Instant processedAt,
            String statusMessage,
            Instant createdAt) {
    }

    static Job of(BulkJob job) {
        var c = job.counters();
        return new Job(job.id(), job.actionType(), job.action(), searchParams(job.search()), job.status(), c.discovered(), c.pending(),
                c.successful(), c.failed(), c.skipped(), c.cancelled(), job.createdAt(), job.startedAt(),
                job.completedAt(), job.comment(), job.statusMessage());
    }

    /**
     * Stored parameters this version cannot read (written by another, say) are shown as an empty
     * object, the contract's type, so that the job is still listed and read; its status message
     * says why its discovery failed.
     */
    private static Object searchParams(StoredSearch search) {
        return search instanceof StoredSearch.Readable readable ? readable.params() : Json.mapper().createObjectNode();
    }

    /** A row's action_params are the job's plus the recipient whose copy the row acts on. */
    static Message of(BulkJob job, JobMessage row) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("type", job.actionType().wire());
        if (job.action() instanceof ActionParams.Move move) {
            params.put("destination", move.destination());
            if (move.expectedDisposition() != null) {
                params.put("expected_disposition", move.expectedDisposition());
            }
        }
        params.put("client_recipient", row.clientRecipient());
        return new Message(row.id(), job.actionType(), params, row.postfixId(), row.emailMessageId(), row.alertId(),
                row.status(), row.retryCount(), row.retryAfter(), row.processedAt(), row.statusMessage(), row.createdAt());
    }
}
