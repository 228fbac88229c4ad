package io.dragnet.engine;

import io.dragnet.index.CopyLocation.Store;
import io.dragnet.job.ActionType;
import io.dragnet.job.Destination;
import io.dragnet.mailbox.MailboxAction;
import io.dragnet.store.Database;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Hands out work: a job's claimable rows, a mailbox at a time. A claim is one short transaction
 * that flips rows PENDING → PROCESSING under a fresh lease token; the guarded UPDATE is what makes
 * a row one node's, whatever the SELECT before it saw.
 *
 * <p>Sets of ids travel as one array ({@code = ANY(:ids)}), never as IN lists: an IN list's text
 * changes with its length, and each new text is parsed again by Jdbi and planned again by the server.
 */
final class RowClaims {
    private static final int CONTENDED_ATTEMPTS = 5;
    private static final String CLAIMABLE = "status = 'PENDING' AND (retry_after IS NULL OR retry_after <= :now)";

    private final Database database;
    private final String nodeId;

    RowClaims(Database database, String nodeId) {
        this.database = database;
        this.nodeId = nodeId;
    }

    /** The oldest job waiting for discovery, as (account, job), if any. */
    Optional<PendingJob> nextPendingJob() {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT account_id, id FROM bulk_jobs WHERE status = 'PENDING' ORDER BY seq LIMIT 1")
                .map((rs, ctx) -> new PendingJob(rs.getString("account_id"), rs.getObject("id", UUID.class)))
                .findOne());
    }

    record PendingJob(String accountId, UUID jobId) {
    }

    /**
     * Claims up to {@code limit} rows of one mailbox, from the oldest processing job with claimable rows.
     *
     * @param token the new claim's lease token; the caller knows it before any row carries it
     */
    Optional<Claim> claim(String token, Instant now, int limit) {
        return database.jdbi().inTransaction(handle -> {
            List<JobHeader> jobs = handle.createQuery("""
                            SELECT id, account_id, action_type, destination, requested_by
                              FROM bulk_jobs WHERE status = 'PROCESSING' ORDER BY seq""")
                    .map((rs, ctx) -> new JobHeader(rs.getObject("id", UUID.class), rs.getString("account_id"),
                            action(rs.getString("action_type"), rs.getString("destination")), rs.getString("requested_by")))
                    .list();
            for (JobHeader job : jobs) {
                // without SKIP LOCKED (H2) claimers race for the same rows; a loser looks again, as the rows it saw are gone
                for (int attempt = 0; attempt < CONTENDED_ATTEMPTS; attempt++) {
                    Attempt result = claim(handle, job, token, now, limit);
                    if (result.claim() != null) {
                        return Optional.of(result.claim());
                    }
                    if (!result.contended()) {
                        break;
                    }
                }
            }
            return Optional.empty();
        });
    }

    private record JobHeader(UUID id, String accountId, MailboxAction action, String requestedBy) {
    }

    /** A claim, or none: because the job has nothing claimable now, or because another node took the rows first. */
    private record Attempt(Claim claim, boolean contended) {
        static final Attempt NOTHING = new Attempt(null, false);
        static final Attempt LOST = new Attempt(null, true);
    }

    private Attempt claim(Handle handle, JobHeader job, String token, Instant now, int limit) {
        String skipLocked = database.dialect().skipLocked();
        Optional<FirstRow> first = handle.createQuery("SELECT id, mailbox FROM bulk_job_messages WHERE job_id = :job AND "
                        + CLAIMABLE + database.dialect().firstClaimOrder() + " LIMIT 1" + skipLocked)
                .bind("job", job.id()).bind("now", now)
                .map((rs, ctx) -> new FirstRow(rs.getObject("id", UUID.class), rs.getString("mailbox")))
                .findOne();
        if (first.isEmpty()) {
            return Attempt.NOTHING;
        }
        String mailbox = first.get().mailbox();
        // a row without a mailbox (its copy left the index) goes alone: the worker fails it with the reason
        List<UUID> ids = mailbox == null ? List.of(first.get().id()) : handle.createQuery(
                        "SELECT id FROM bulk_job_messages WHERE job_id = :job AND mailbox = :mailbox AND "
                                + CLAIMABLE + " LIMIT :limit" + skipLocked)
                .bind("job", job.id()).bind("mailbox", mailbox).bind("now", now).bind("limit", limit)
                .mapTo(UUID.class)
                .list();
        if (ids.isEmpty()) {
            return Attempt.LOST;
        }
        int claimed = handle.createUpdate("UPDATE bulk_job_messages SET status = 'PROCESSING', lease_node = :node,"
                        + " lease_token = :token, claims = claims + 1, claimed_at = :now WHERE id = ANY(:ids) AND " + CLAIMABLE)
                .bind("node", nodeId).bind("token", token).bind("now", now).bindArray("ids", UUID.class, ids)
                .execute();
        if (claimed == 0) {
            return Attempt.LOST;
        }
        List<Claim.Row> rows = handle.createQuery("""
                        SELECT r.id, r.retry_count, r.claims, r.message_ref, r.copy_id, r.email_message_id, c.recipient, c.store, c.folder, c.location
                          FROM bulk_job_messages r LEFT JOIN message_copies c ON c.id = r.copy_id
                         WHERE r.id = ANY(:ids) AND r.lease_token = :token
                         ORDER BY r.seq""")
                .bindArray("ids", UUID.class, ids).bind("token", token)
                .map((rs, ctx) -> new Claim.Row(rs.getObject("id", UUID.class), rs.getInt("retry_count"), rs.getInt("claims"),
                        rs.getString("message_ref"), rs.getString("copy_id"), rs.getString("recipient"),
                        rs.getString("store") == null ? null : Store.valueOf(rs.getString("store")),
                        rs.getString("folder"), rs.getString("location"), rs.getString("email_message_id")))
                .list();
        return new Attempt(new Claim(job.id(), job.accountId(), job.action(), job.requestedBy(), mailbox, token, rows), false);
    }

    /** Hands a claim's rows back unrecorded, for another attempt. */
    void release(Claim claim) {
        database.jdbi().useHandle(handle -> handle.createUpdate(
                        "UPDATE bulk_job_messages SET status = 'PENDING', lease_token = NULL WHERE lease_token = :token AND status = 'PROCESSING'"
                                + " AND id = ANY(:ids)")
                .bind("token", claim.token()).bindArray("ids", UUID.class, claim.rows().stream().map(Claim.Row::id).toList())
                .execute());
    }

    private record FirstRow(UUID id, String mailbox) {
    }

    private static MailboxAction action(String actionType, String destination) {
        return switch (ActionType.valueOf(actionType)) {
            case MOVE -> new MailboxAction.Move(Destination.valueOf(destination));
            case RELEASE -> new MailboxAction.Release();
        };
    }
}
