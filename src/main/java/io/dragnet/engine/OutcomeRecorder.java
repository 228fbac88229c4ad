package io.dragnet.engine;

import io.dragnet.index.CopyLocation;
import io.dragnet.job.Counters;
import io.dragnet.job.Destination;
import io.dragnet.job.JobRepository;
import io.dragnet.job.JobStatus;
import io.dragnet.mailbox.CopyOutcome;
import io.dragnet.mailbox.MailboxAction;
import io.dragnet.search.DeliveryStatus;
import io.dragnet.store.Database;
import io.dragnet.store.RowBatch;
import io.dragnet.store.TimeOrderedIds;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.statement.Update;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.DoubleSupplier;

/**
 * Writes what a connector did to a claim's rows, in one transaction with everything that follows
 * from it: the job's counters, the copies' new folders and delivery status, the action log, and
 * the job's end once no row is pending. A reader therefore never sees a counter that disagrees
 * with the rows.
 *
 * <p>Every worker of every node ends its transaction on the same job row, so that row is touched
 * last: its lock is held only from the counter update to the commit, and the statements before it
 * run side by side. A cancel that committed meanwhile is seen then, under the lock, and the rows
 * this transaction sent back for a retry are cancelled with the rest.
 */
final class OutcomeRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeRecorder.class);
    private static final String REKEYS = "copy_rekeys";

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
        database.jdbi().useTransaction(handle -> record(handle, claim, outcomes, now));
    }

    /** In the caller's transaction: the one that locked the rows, for a {@link Claim.Hold#LOCKED} claim. */
    void record(Handle handle, Claim claim, Map<UUID, CopyOutcome> outcomes, Instant now) {
        Tally tally = updateRows(handle, claim, outcomes, now);
        updateCopies(handle, claim, outcomes, now);
        int jobs = handle.createUpdate("""
                        UPDATE bulk_jobs
                           SET messages_pending = messages_pending - :finished,
                               messages_successful = messages_successful + :successful,
                               messages_failed = messages_failed + :failed
                         WHERE id = :job""")
                .bind("finished", tally.successful + tally.failed).bind("successful", tally.successful)
                .bind("failed", tally.failed).bind("job", claim.jobId())
                .execute();
        if (jobs == 0) {
            return; // deleted meanwhile, rows and all; what happened to the copies is still true
        }
        JobStatus status = handle.createQuery("SELECT status FROM bulk_jobs WHERE id = :job")
                .bind("job", claim.jobId())
                .map((rs, ctx) -> JobStatus.valueOf(rs.getString("status")))
                .one();
        if (status == JobStatus.CANCELLED && tally.retrying > 0) {
            cancelRetries(handle, claim.jobId(), now);
        } else if (status == JobStatus.PROCESSING) {
            finishIfDone(handle, claim, now);
        }
    }

    private static final class Tally {
        long successful;
        long failed;
        long retrying;
    }

    /** Rows with the same update are written by one statement: a batch is mostly "done", alike. */
    private Tally updateRows(Handle handle, Claim claim, Map<UUID, CopyOutcome> outcomes, Instant now) {
        Map<RowUpdate, List<UUID>> groups = new LinkedHashMap<>();
        for (Claim.Row row : claim.rows()) {
            groups.computeIfAbsent(rowUpdate(row, outcomes.get(row.id()), now), u -> new ArrayList<>()).add(row.id());
        }
        Tally tally = new Tally();
        groups.forEach((update, ids) -> {
            // a row whose lease was lost (its node thought dead, the row reclaimed) is not updated, nor counted here
            Update statement = handle.createUpdate("""
                            UPDATE bulk_job_messages
                               SET status = :status, status_message = :message, retry_count = :retries,
                                   retry_after = :retryAfter, processed_at = :processedAt, lease_token = NULL""" + switch (claim.hold()) {
                        case LEASED -> " WHERE id = ANY(:ids) AND lease_token = :token AND status = 'PROCESSING'";
                        // written now, with the outcome: what leasing the rows would have written
                        case LOCKED -> ", lease_node = :node, claims = claims + 1, claimed_at = :claimedAt"
                                + " WHERE id = ANY(:ids) AND status = 'PENDING'";
                    })
                    .bind("status", update.status().name()).bind("message", clip(update.message()))
                    .bind("retries", update.retries()).bind("retryAfter", update.retryAfter())
                    .bind("processedAt", update.status() == RowStatus.PENDING ? null : now)
                    .bindArray("ids", UUID.class, ids);
            int updated = switch (claim.hold()) {
                case LEASED -> statement.bind("token", claim.token()).execute();
                case LOCKED -> statement.bind("node", claim.node()).bind("claimedAt", now).execute();
            };
            switch (update.status()) {
                case COMPLETED -> tally.successful += updated;
                case FAILED -> tally.failed += updated;
                case PENDING -> tally.retrying += updated;
            }
        });
        return tally;
    }

    /** The row states an outcome can lead to. */
    private enum RowStatus { PENDING, COMPLETED, FAILED }

    private record RowUpdate(RowStatus status, String message, int retries, Instant retryAfter) {
    }

    private RowUpdate rowUpdate(Claim.Row row, CopyOutcome outcome, Instant now) {
        if (outcome instanceof CopyOutcome.Done) {
            return new RowUpdate(RowStatus.COMPLETED, null, row.attempts(), null);
        } else if (outcome instanceof CopyOutcome.AlreadyDone already) {
            return new RowUpdate(RowStatus.COMPLETED, already.reason(), row.attempts(), null);
        } else if (outcome instanceof CopyOutcome.Failed failed) {
            return new RowUpdate(RowStatus.FAILED, failed.reason(), row.attempts(), null);
        }
        CopyOutcome.RetryLater later = (CopyOutcome.RetryLater) outcome;
        int attempts = row.attempts() + 1;
        if (!retry.mayRetry(attempts)) {
            return new RowUpdate(RowStatus.FAILED, "Gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                    + ". The last error: " + later.reason(), row.attempts(), null);
        }
        Instant retryAfter = now.plus(retry.delay(attempts, later.retryAfter(), random.getAsDouble()));
        return new RowUpdate(RowStatus.PENDING, later.reason(), attempts, retryAfter);
    }

    /** The job was cancelled while this batch was in flight: its copies waiting for a retry are cancelled too. */
    private void cancelRetries(Handle handle, UUID jobId, Instant now) {
        JobRepository.cancelPendingRows(handle, database.dialect(), jobId, now, null);
    }

    /**
     * Moves the copies in the index to where the connector put them, and logs each action once per
     * job. A copy keeps its key when the key still names it at its new place (a Maildir copy known by
     * its file's name: the row is updated in place, {@link CopyLocation#nameKey}); any other copy
     * takes the key of its new place, so that re-importing the tree recognises it.
     */
    private void updateCopies(Handle handle, Claim claim, Map<UUID, CopyOutcome> outcomes, Instant now) {
        RowBatch moved = new RowBatch("message_copies", List.of("id", "folder", "location", "delivery_status"));
        RowBatch rekeyed = new RowBatch("message_copies", List.of("id", "folder", "location", "copy_key", "delivery_status"));
        RowBatch purged = new RowBatch("message_copies", List.of("id", "delivery_status"));
        RowBatch logged = new RowBatch("message_actions",
                List.of("id", "message_id", "operation", "folder", "requested_by", "job_id", "completed_at", "copy_id"));
        Set<String> logBefore = alreadyLogged(handle, claim);
        Map<String, Object[]> newKeys = new LinkedHashMap<>();
        String deliveryStatus = deliveryStatusAfter(claim.action()).wire();
        for (Claim.Row row : claim.rows()) {
            CopyOutcome outcome = outcomes.get(row.id());
            String folder;
            String location = row.location();
            if (outcome instanceof CopyOutcome.Done done) {
                folder = done.folder();
                location = done.location() != null ? done.location() : location;
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
                purged.add(row.copyId(), deliveryStatus);
            } else {
                CopyLocation at = new CopyLocation(row.store(), claim.mailbox(), folder, location);
                if (row.copyKey().equals(at.nameKey(claim.accountId(), row.recipient()))) {
                    moved.add(row.copyId(), folder, location, deliveryStatus);
                } else {
                    String key = at.placeKey(claim.accountId(), row.recipient());
                    newKeys.put(key, new Object[] {row.copyId(), folder, location, key, deliveryStatus});
                }
            }
            if (!logBefore.contains(row.copyId())) {
                logged.add(TimeOrderedIds.next().toString(), row.messageRef(),
                        claim.action() instanceof MailboxAction.Move ? "MOVE" : "RELEASE", actionFolder(claim.action()),
                        claim.requestedBy(), claim.jobId(), now, row.copyId());
            }
        }
        newKeys.values().forEach(rekeyed::add);
        database.dialect().update(handle, moved);
        rekeyCopies(handle, rekeyed, newKeys);
        database.dialect().update(handle, purged);
        database.dialect().insert(handle, logged);
    }

    /**
     * A new place the index already holds as another copy (imported from there as well) would give
     * two rows one key, which the unique index refuses. That is rare, so the update is tried as it
     * is, under a savepoint, and only a refusal pays for looking up every new key: done for every
     * batch, the lookup was a tenth of recording it.
     */
    private void rekeyCopies(Handle handle, RowBatch moved, Map<String, Object[]> byKey) {
        if (moved.isEmpty()) {
            return;
        }
        handle.savepoint(REKEYS);
        try {
            database.dialect().update(handle, moved);
            handle.release(REKEYS);
            return;
        } catch (UnableToExecuteStatementException e) {
            if (SqlErrors.find(e, SqlErrors.UNIQUE_VIOLATION::equals).isEmpty()) {
                throw e;
            }
            handle.rollbackToSavepoint(REKEYS);
        }
        Map<String, Object[]> free = new LinkedHashMap<>(byKey);
        takenKeys(handle, free.keySet()).forEach(free::remove);
        RowBatch retry = new RowBatch(moved.table(), moved.columns());
        free.values().forEach(retry::add);
        database.dialect().update(handle, retry);
    }

    private static List<String> takenKeys(Handle handle, Set<String> keys) {
        return handle.createQuery("SELECT copy_key FROM message_copies WHERE copy_key = ANY(:keys)")
                .bindArray("keys", String.class, List.copyOf(keys))
                .mapTo(String.class).list();
    }

    /**
     * Copies of the claim this job has logged an action for already, as an earlier claim of the
     * same row may have. A row claimed for the first time has none: the lookup is skipped for it.
     */
    private static Set<String> alreadyLogged(Handle handle, Claim claim) {
        List<String> copies = claim.rows().stream().filter(r -> r.claims() > 1).map(Claim.Row::copyId).filter(Objects::nonNull).toList();
        if (copies.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(handle.createQuery("SELECT copy_id FROM message_actions WHERE job_id = :job AND copy_id = ANY(:copies)")
                .bind("job", claim.jobId()).bindArray("copies", String.class, copies)
                .mapTo(String.class).list());
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
        int ended = handle.createUpdate("""
                        UPDATE bulk_jobs SET status = :status, status_message = :message, completed_at = :now
                         WHERE id = :job AND status = 'PROCESSING'""")
                .bind("status", summary.status().name()).bind("message", clip(summary.message()))
                .bind("now", now).bind("job", claim.jobId())
                .execute();
        if (ended == 1) {
            LOG.info("Job {} of account {} {}: {}", claim.jobId(), claim.accountId(), summary.status(), summary.message());
        }
    }

    /** A status message as long as its column allows. */
    static String clip(String message) {
        return message == null || message.length() <= 4000 ? message : message.substring(0, 3997) + "...";
    }
}
