package io.dragnet.engine;

import io.dragnet.index.CopyLocation;
import io.dragnet.job.Counters;
import io.dragnet.job.Destination;
import io.dragnet.job.JobStatus;
import io.dragnet.mailbox.CopyOutcome;
import io.dragnet.mailbox.MailboxAction;
import io.dragnet.search.DeliveryStatus;
import io.dragnet.store.Database;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.DoubleSupplier;

/**
 * Writes what a connector did to a claim's rows, in one transaction with everything that follows
 * from it: the job's counters, the copies' new folders and delivery status, the action log, and
 * the job's end once no row is pending. A reader therefore never sees a counter that disagrees
 * with the rows.
 *
 * <p>The job row is locked first, as cancel locks it first: a cancel and an outcome for the same
 * job take turns, so a transient failure never sends a row back to PENDING in a cancelled job.
 */
final class OutcomeRecorder {
    private final Database database;
    private final RetryPolicy retry;
    private final DoubleSupplier random;

    OutcomeRecorder(Database database, RetryPolicy retry, DoubleSupplier random) {
        this.database = database;
        this.retry = retry;
        this.random = random;
    }

    /** @param outcomes one per claimed row, by row id */
    void record(Claim claim, Map<UUID, CopyOutcome> outcomes, Instant now) {
        database.jdbi().useTransaction(handle -> {
            Optional<JobStatus> status = handle.createQuery("SELECT status FROM bulk_jobs WHERE id = :job FOR UPDATE")
                    .bind("job", claim.jobId())
                    .map((rs, ctx) -> JobStatus.valueOf(rs.getString("status")))
                    .findOne();
            // A deleted job has no rows left to record; what happened to the copies is still true.
            Tally tally = status.isPresent() ? updateRows(handle, claim, outcomes, status.get(), now) : new Tally();
            updateCopies(handle, claim, outcomes, now);
            if (status.isPresent() && tally.finished() > 0) {
                handle.createUpdate("""
                                UPDATE bulk_jobs
                                   SET messages_pending = messages_pending - :finished,
                                       messages_successful = messages_successful + :successful,
                                       messages_failed = messages_failed + :failed,
                                       messages_cancelled = messages_cancelled + :cancelled
                                 WHERE id = :job""")
                        .bind("finished", tally.finished()).bind("successful", tally.successful)
                        .bind("failed", tally.failed).bind("cancelled", tally.cancelled).bind("job", claim.jobId())
                        .execute();
                if (status.get() == JobStatus.PROCESSING) {
                    finishIfDone(handle, claim, now);
                }
            }
        });
    }

    private static final class Tally {
        long successful;
        long failed;
        long cancelled;

        long finished() {
            return successful + failed + cancelled;
        }
    }

    private Tally updateRows(Handle handle, Claim claim, Map<UUID, CopyOutcome> outcomes, JobStatus jobStatus, Instant now) {
        PreparedBatch batch = handle.prepareBatch("""
                UPDATE bulk_job_messages
                   SET status = :status, status_message = :message, retry_count = :retries, retry_after = :retryAfter,
                       processed_at = :processedAt, lease_token = NULL
                 WHERE id = :id AND lease_token = :token AND status = 'PROCESSING'""");
        RowStatus[] statuses = new RowStatus[claim.rows().size()];
        for (int i = 0; i < statuses.length; i++) {
            Claim.Row row = claim.rows().get(i);
            RowUpdate update = rowUpdate(row, outcomes.get(row.id()), jobStatus == JobStatus.CANCELLED, now);
            statuses[i] = update.status();
            batch.bind("status", update.status().name()).bind("message", clip(update.message()))
                    .bind("retries", update.retries()).bind("retryAfter", update.retryAfter())
                    .bind("processedAt", update.status() == RowStatus.PENDING ? null : now)
                    .bind("id", row.id()).bind("token", claim.token())
                    .add();
        }
        int[] counts = batch.execute();
        Tally tally = new Tally();
        for (int i = 0; i < counts.length; i++) {
            // 0: the lease was lost (the node was thought dead and the row reclaimed); whoever holds it now counts it
            if (counts[i] != 0) {
                switch (statuses[i]) {
                    case COMPLETED -> tally.successful++;
                    case FAILED -> tally.failed++;
                    case CANCELLED -> tally.cancelled++;
                    case PENDING -> { }
                }
            }
        }
        return tally;
    }

    /** The row states an outcome can lead to. */
    private enum RowStatus { PENDING, COMPLETED, FAILED, CANCELLED }

    private record RowUpdate(RowStatus status, String message, int retries, Instant retryAfter) {
    }

    private RowUpdate rowUpdate(Claim.Row row, CopyOutcome outcome, boolean jobCancelled, Instant now) {
        if (outcome instanceof CopyOutcome.Done) {
            return new RowUpdate(RowStatus.COMPLETED, null, row.attempts(), null);
        } else if (outcome instanceof CopyOutcome.AlreadyDone already) {
            return new RowUpdate(RowStatus.COMPLETED, already.reason(), row.attempts(), null);
        } else if (outcome instanceof CopyOutcome.Failed failed) {
            return new RowUpdate(RowStatus.FAILED, failed.reason(), row.attempts(), null);
        }
        CopyOutcome.RetryLater later = (CopyOutcome.RetryLater) outcome;
        int attempts = row.attempts() + 1;
        if (jobCancelled) {
            return new RowUpdate(RowStatus.CANCELLED, "The job was cancelled before this copy could be retried. The last error: "
                    + later.reason(), row.attempts(), null);
        }
        if (!retry.mayRetry(attempts)) {
            return new RowUpdate(RowStatus.FAILED, "Gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                    + ". The last error: " + later.reason(), row.attempts(), null);
        }
        Instant retryAfter = now.plus(retry.delay(attempts, later.retryAfter(), random.getAsDouble()));
        return new RowUpdate(RowStatus.PENDING, later.reason(), attempts, retryAfter);
    }

    /**
     * Moves the copies in the index to where the connector put them, under the key of their new
     * place so that re-importing the tree recognises them, and logs each action once per job.
     */
    private static void updateCopies(Handle handle, Claim claim, Map<UUID, CopyOutcome> outcomes, Instant now) {
        PreparedBatch moved = handle.prepareBatch("""
                UPDATE message_copies SET folder = :folder, copy_key = :key, delivery_status = :deliveryStatus
                 WHERE id = :copy AND NOT EXISTS (SELECT 1 FROM message_copies o WHERE o.copy_key = :key)""");
        PreparedBatch purged = handle.prepareBatch("UPDATE message_copies SET delivery_status = :deliveryStatus WHERE id = :copy");
        PreparedBatch logged = handle.prepareBatch("""
                INSERT INTO message_actions (id, message_id, operation, folder, requested_by, job_id, completed_at, copy_id)
                SELECT :id, :message, :operation, :folder, :requestedBy, :job, :now, :copy
                 WHERE NOT EXISTS (SELECT 1 FROM message_actions a WHERE a.job_id = :job AND a.copy_id = :copy)""");
        String deliveryStatus = deliveryStatusAfter(claim.action()).wire();
        for (Claim.Row row : claim.rows()) {
            CopyOutcome outcome = outcomes.get(row.id());
            String folder;
            if (outcome instanceof CopyOutcome.Done done) {
                folder = done.folder();
            } else if (outcome instanceof CopyOutcome.AlreadyDone already && !Objects.equals(already.folder(), row.folder())) {
                // found where the index did not expect it: an attempt that never reported back moved it
                folder = already.folder();
            } else {
                continue;
            }
            if (!row.copyKnown()) {
                continue;
            }
            if (folder == null) {
                purged.bind("deliveryStatus", deliveryStatus).bind("copy", row.copyId()).add();
            } else {
                String key = new CopyLocation(row.store(), claim.mailbox(), folder, row.location()).key(claim.accountId(), row.recipient());
                moved.bind("folder", folder).bind("key", key).bind("deliveryStatus", deliveryStatus).bind("copy", row.copyId()).add();
            }
            logged.bind("id", UUID.randomUUID().toString()).bind("message", row.messageRef())
                    .bind("operation", claim.action() instanceof MailboxAction.Move ? "MOVE" : "RELEASE")
                    .bind("folder", actionFolder(claim.action())).bind("requestedBy", claim.requestedBy())
                    .bind("job", claim.jobId()).bind("now", now).bind("copy", row.copyId())
                    .add();
        }
        for (PreparedBatch batch : new PreparedBatch[] {moved, purged, logged}) {
            if (batch.size() > 0) {
                batch.execute();
            }
        }
    }

    private static DeliveryStatus deliveryStatusAfter(MailboxAction action) {
        boolean toInbox = !(action instanceof MailboxAction.Move move) || move.destination() == Destination.INBOX;
        return toInbox ? DeliveryStatus.DELIVERED : DeliveryStatus.MOVED;
    }

    /** The folder the action log shows: the destination as the API names it. */
    private static String actionFolder(MailboxAction action) {
        return action instanceof MailboxAction.Move move ? move.destination().wire() : Destination.INBOX.wire();
    }

    private static void finishIfDone(Handle handle, Claim claim, Instant now) {
        Counters counters = handle.createQuery("""
                        SELECT total_messages_discovered, messages_pending, messages_successful, messages_failed,
                               messages_skipped, messages_cancelled
                          FROM bulk_jobs WHERE id = :job""")
                .bind("job", claim.jobId())
                .map((rs, ctx) -> new Counters(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)))
                .one();
        if (counters.pending() > 0) {
            return;
        }
        String firstFailure = counters.failed() == 0 ? null : handle.createQuery(
                        "SELECT status_message FROM bulk_job_messages WHERE job_id = :job AND status = 'FAILED' ORDER BY seq LIMIT 1")
                .bind("job", claim.jobId())
                .mapTo(String.class)
                .findOne().orElse(null);
        JobSummary summary = JobSummary.of(claim.action(), counters, firstFailure);
        handle.createUpdate("""
                        UPDATE bulk_jobs SET status = :status, status_message = :message, completed_at = :now
                         WHERE id = :job AND status = 'PROCESSING'""")
                .bind("status", summary.status().name()).bind("message", clip(summary.message()))
                .bind("now", now).bind("job", claim.jobId())
                .execute();
    }

    private static String clip(String message) {
        return message == null || message.length() <= 4000 ? message : message.substring(0, 3997) + "...";
    }
}
