package io.dragnet.engine;

import io.dragnet.index.CopyLocation.Store;
import io.dragnet.job.ActionType;
import io.dragnet.job.Destination;
import io.dragnet.mailbox.MailboxAction;
import io.dragnet.store.Database;
import io.dragnet.store.Vendor;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
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
    private static final String CLAIM = "status = 'PROCESSING', lease_node = :node, lease_token = :token, claims = claims + 1,"
            + " claimed_at = :now";
    private static final String ROW_COLUMNS = """
             r.id, r.retry_count, r.claims, r.message_ref, r.copy_id, r.email_message_id, c.recipient, c.store, c.folder, c.location""";

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
        Optional<FirstRow> first = handle.createQuery("SELECT id, mailbox FROM bulk_job_messages WHERE job_id = :job AND "
                        + CLAIMABLE + database.dialect().firstClaimOrder() + " LIMIT 1" + database.dialect().skipLocked())
                .bind("job", job.id()).bind("now", now)
                .map((rs, ctx) -> new FirstRow(rs.getObject("id", UUID.class), rs.getString("mailbox")))
                .findOne();
        if (first.isEmpty()) {
            return Attempt.NOTHING;
        }
        String mailbox = first.get().mailbox();
        List<Claim.Row> rows = database.vendor() == Vendor.POSTGRESQL && mailbox != null
                ? claimInOneStatement(handle, job, mailbox, token, now, limit)
                : claimStepByStep(handle, job, first.get(), token, now, limit);
        if (rows.isEmpty()) {
            return Attempt.LOST;
        }
        return new Attempt(new Claim(job.id(), job.accountId(), job.action(), job.requestedBy(), mailbox, token, rows), false);
    }

    /**
     * PostgreSQL: select, flip and read the rows in one statement. The rows come back from the
     * UPDATE itself, so the only lookups left are of their copies; reading the claimed rows again
     * by id cost as much as claiming them.
     */
    private List<Claim.Row> claimInOneStatement(Handle handle, JobHeader job, String mailbox, String token, Instant now, int limit) {
        // MATERIALIZED: as a subquery of the UPDATE, the LIMIT … SKIP LOCKED select may run again
        // for each row the join looks at, and each run skips what the last one locked: more rows than the limit
        return handle.createQuery("WITH picked AS MATERIALIZED (SELECT id FROM bulk_job_messages WHERE job_id = :job"
                        + " AND mailbox = :mailbox AND " + CLAIMABLE + " LIMIT :limit FOR UPDATE SKIP LOCKED),"
                        + " claimed AS (UPDATE bulk_job_messages b SET " + CLAIM + " FROM picked WHERE b.id = picked.id AND "
                        + CLAIMABLE + " RETURNING b.id, b.seq, b.retry_count, b.claims, b.message_ref, b.copy_id, b.email_message_id)"
                        + " SELECT " + ROW_COLUMNS + " FROM claimed r LEFT JOIN message_copies c ON c.id = r.copy_id ORDER BY r.seq")
                .bind("job", job.id()).bind("mailbox", mailbox).bind("now", now).bind("limit", limit)
                .bind("node", nodeId).bind("token", token)
                .map(RowClaims::row)
                .list();
    }

    private List<Claim.Row> claimStepByStep(Handle handle, JobHeader job, FirstRow first, String token, Instant now, int limit) {
        // a row without a mailbox (its copy left the index) goes alone: the worker fails it with the reason
        List<UUID> ids = first.mailbox() == null ? List.of(first.id()) : handle.createQuery(
                        "SELECT id FROM bulk_job_messages WHERE job_id = :job AND mailbox = :mailbox AND "
                                + CLAIMABLE + " LIMIT :limit" + database.dialect().skipLocked())
                .bind("job", job.id()).bind("mailbox", first.mailbox()).bind("now", now).bind("limit", limit)
                .mapTo(UUID.class)
                .list();
        if (ids.isEmpty()) {
            return List.of();
        }
        int claimed = handle.createUpdate("UPDATE bulk_job_messages SET " + CLAIM + " WHERE id = ANY(:ids) AND " + CLAIMABLE)
                .bind("node", nodeId).bind("token", token).bind("now", now).bindArray("ids", UUID.class, ids)
                .execute();
        if (claimed == 0) {
            return List.of();
        }
        return handle.createQuery("SELECT " + ROW_COLUMNS + """
                          FROM bulk_job_messages r LEFT JOIN message_copies c ON c.id = r.copy_id
                         WHERE r.id = ANY(:ids) AND r.lease_token = :token
                         ORDER BY r.seq""")
                .bindArray("ids", UUID.class, ids).bind("token", token)
                .map(RowClaims::row)
                .list();
    }

    private static Claim.Row row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Claim.Row(rs.getObject("id", UUID.class), rs.getInt("retry_count"), rs.getInt("claims"),
                rs.getString("message_ref"), rs.getString("copy_id"), rs.getString("recipient"),
                rs.getString("store") == null ? null : Store.valueOf(rs.getString("store")),
                rs.getString("folder"), rs.getString("location"), rs.getString("email_message_id"));
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
