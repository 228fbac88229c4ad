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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Hands out work: a job's claimable rows, a mailbox at a time, held one of two ways
 * ({@link Claim.Hold}). A lease is one short transaction that flips rows PENDING → PROCESSING
 * under a fresh lease token; the guarded UPDATE is what makes a row one node's, whatever the
 * SELECT before it saw. A lock (PostgreSQL) is a {@code SELECT … FOR UPDATE SKIP LOCKED} in the
 * caller's transaction, which acts and records before it commits.
 *
 * <p>Sets of ids travel as one array ({@code = ANY(:ids)}), never as IN lists: an IN list's text
 * changes with its length, and each new text is parsed again by Jdbi and planned again by the server.
 */
final class RowClaims {
    private static final int CONTENDED_ATTEMPTS = 5;
    private static final String CLAIMABLE = claimable("");
    private static final String CLAIM = "status = 'PROCESSING', lease_node = :node, lease_token = :token, claims = claims + 1,"
            + " claimed_at = :now";
    private static final String ROW_COLUMNS = """
             r.id, r.retry_count, r.message_ref, r.copy_id, r.email_message_id, r.status_message,
             c.recipient, c.store, c.folder, c.location, c.copy_key""";

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
     * Leases up to {@code limit} rows of one mailbox, from the oldest processing job with claimable
     * rows, in a transaction of its own.
     *
     * @param token the new claim's lease token; the caller knows it before any row carries it
     */
    Optional<Claim> claim(String token, Instant now, int limit) {
        return database.jdbi().inTransaction(handle -> database.vendor() == Vendor.POSTGRESQL
                ? lock(handle, token, now, limit).map(locked -> lease(handle, locked, now))
                : claim(handle, token, now, limit, Claim.Hold.LEASED));
    }

    /**
     * PostgreSQL: locks up to {@code limit} claimable rows of one mailbox in the caller's
     * transaction. They stay PENDING, and other claimers skip them, until it ends.
     */
    Optional<Claim> lock(Handle handle, String token, Instant now, int limit) {
        return claim(handle, token, now, limit, Claim.Hold.LOCKED);
    }

    /**
     * PostgreSQL: ends the caller's transaction, and so its locks, if it waits on this node longer
     * than {@code longest} before its next statement: a node that hangs while acting on locked rows
     * (a connector's call that never returns, a stopped process) hands them back by itself.
     */
    void endIfIdleLongerThan(Handle handle, Duration longest) {
        // SET takes no bind parameters; the value is a number of milliseconds (0 would mean "never")
        handle.execute("SET LOCAL idle_in_transaction_session_timeout = " + Math.max(1, longest.toMillis()));
    }

    /** Leases a locked claim's rows: the lease holds once the caller's transaction commits. */
    Claim lease(Handle handle, Claim locked, Instant now) {
        handle.createUpdate("UPDATE bulk_job_messages SET " + CLAIM + " WHERE id = ANY(:ids)")
                .bind("node", nodeId).bind("token", locked.token()).bind("now", now)
                .bindArray("ids", UUID.class, ids(locked))
                .execute();
        return locked.leased();
    }

    private Optional<Claim> claim(Handle handle, String token, Instant now, int limit, Claim.Hold hold) {
        List<JobHeader> jobs = handle.createQuery("""
                        SELECT id, account_id, action_type, destination, requested_by
                          FROM bulk_jobs WHERE status = 'PROCESSING' ORDER BY seq""")
                .map((rs, ctx) -> new JobHeader(rs.getObject("id", UUID.class), rs.getString("account_id"),
                        action(rs.getString("action_type"), rs.getString("destination")), rs.getString("requested_by")))
                .list();
        for (JobHeader job : jobs) {
            // without SKIP LOCKED (H2) claimers race for the same rows; a loser looks again, as the rows it saw are gone
            for (int attempt = 0; attempt < CONTENDED_ATTEMPTS; attempt++) {
                Attempt result = claim(handle, job, token, now, limit, hold);
                if (result.claim() != null) {
                    return Optional.of(result.claim());
                }
                if (!result.contended()) {
                    break;
                }
            }
        }
        return Optional.empty();
    }

    private record JobHeader(UUID id, String accountId, MailboxAction action, String requestedBy) {
    }

    /** A claim, or none: because the job has nothing claimable now, or because another node took the rows first. */
    private record Attempt(Claim claim, boolean contended) {
        static final Attempt NOTHING = new Attempt(null, false);
        static final Attempt LOST = new Attempt(null, true);
    }

    private Attempt claim(Handle handle, JobHeader job, String token, Instant now, int limit, Claim.Hold hold) {
        Optional<FirstRow> first = handle.createQuery("SELECT id, mailbox FROM bulk_job_messages WHERE job_id = :job AND "
                        + CLAIMABLE + database.dialect().firstClaimOrder() + " LIMIT 1" + database.dialect().skipLocked())
                .bind("job", job.id()).bind("now", now)
                .map((rs, ctx) -> new FirstRow(rs.getObject("id", UUID.class), rs.getString("mailbox")))
                .findOne();
        if (first.isEmpty()) {
            return Attempt.NOTHING;
        }
        List<Claim.Row> rows = switch (hold) {
            case LOCKED -> lockRows(handle, job, first.get(), now, limit);
            case LEASED -> claimStepByStep(handle, job, first.get(), token, now, limit);
        };
        if (rows.isEmpty()) {
            return Attempt.LOST;
        }
        return new Attempt(new Claim(job.id(), job.accountId(), job.action(), job.requestedBy(), first.get().mailbox(), nodeId,
                token, hold, rows), false);
    }

    /**
     * PostgreSQL: select and lock the rows with their copies in one statement. Only the job's rows
     * are locked ({@code OF r}); the copies are read as they are. {@code claims + 1}: this claim is
     * counted when its outcomes are written (or when the rows are leased).
     */
    private List<Claim.Row> lockRows(Handle handle, JobHeader job, FirstRow first, Instant now, int limit) {
        // a row without a mailbox (its copy left the index) goes alone: the worker fails it with the reason
        String which = first.mailbox() == null ? "r.id = :first" : "r.job_id = :job AND r.mailbox = :mailbox";
        var query = handle.createQuery("SELECT " + ROW_COLUMNS + ", r.claims + 1 AS claims"
                        + " FROM bulk_job_messages r LEFT JOIN message_copies c ON c.id = r.copy_id"
                        + " WHERE " + which + " AND " + claimable("r.")
                        + " ORDER BY r.seq LIMIT :limit FOR UPDATE OF r SKIP LOCKED")
                .bind("now", now).bind("limit", limit);
        if (first.mailbox() == null) {
            query.bind("first", first.id());
        } else {
            query.bind("job", job.id()).bind("mailbox", first.mailbox());
        }
        return query.map(RowClaims::row).list();
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
        return handle.createQuery("SELECT " + ROW_COLUMNS + ", r.claims" + """
                          FROM bulk_job_messages r LEFT JOIN message_copies c ON c.id = r.copy_id
                         WHERE r.id = ANY(:ids) AND r.lease_token = :token
                         ORDER BY r.seq""")
                .bindArray("ids", UUID.class, ids).bind("token", token)
                .map(RowClaims::row)
                .list();
    }

    private static String claimable(String alias) {
        return alias + "status = 'PENDING' AND (" + alias + "retry_after IS NULL OR " + alias + "retry_after <= :now)";
    }

    private static Claim.Row row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Claim.Row(rs.getObject("id", UUID.class), rs.getInt("retry_count"), rs.getInt("claims"),
                rs.getString("message_ref"), rs.getString("copy_id"), rs.getString("recipient"),
                rs.getString("store") == null ? null : Store.valueOf(rs.getString("store")),
                rs.getString("folder"), rs.getString("location"), rs.getString("copy_key"), rs.getString("email_message_id"),
                rs.getString("status_message"));
    }

    /**
     * Hands a leased claim's rows back before anything was tried (the node is stopping): the claim
     * is not counted, so it does not bring the rows closer to being given up.
     */
    void release(Claim claim) {
        database.jdbi().useHandle(handle -> handle.createUpdate("UPDATE bulk_job_messages SET status = 'PENDING', lease_token = NULL,"
                        + " claims = claims - 1 WHERE lease_token = :token AND status = 'PROCESSING' AND id = ANY(:ids)")
                .bind("token", claim.token()).bindArray("ids", UUID.class, ids(claim))
                .execute());
    }

    /**
     * Marks a claim whose outcome could not be recorded, with the reason, for another attempt: its
     * rows are counted as claimed once more ({@link Claim.Row#unrecordedClaims}), so that a batch
     * whose record fails every time is given up after a few attempts instead of claimed for ever.
     * A lease counted its claim already and is handed back; a lock's count went with its
     * rolled-back transaction. An error the database says to try again after (a deadlock, a
     * serialization failure, a lost connection) is not counted: the next attempt may well succeed.
     */
    void unrecorded(Claim claim, RuntimeException error) {
        SQLException said = SqlErrors.find(error, state -> true).orElse(null);
        boolean counted = said == null || !SqlErrors.worthRetrying(said.getSQLState());
        if (claim.hold() == Claim.Hold.LOCKED && !counted) {
            return; // the rows are PENDING again, as they were
        }
        String note = OutcomeRecorder.clip("The outcome could not be recorded: " + reason(error, said));
        database.jdbi().useHandle(handle -> handle.createUpdate(claim.hold() == Claim.Hold.LEASED
                        ? "UPDATE bulk_job_messages SET status = 'PENDING', lease_token = NULL, status_message = :note"
                        + (counted ? "" : ", claims = claims - 1")
                        + " WHERE lease_token = :token AND status = 'PROCESSING' AND id = ANY(:ids)"
                        : "UPDATE bulk_job_messages SET claims = claims + 1, status_message = :note"
                        + " WHERE status = 'PENDING' AND id = ANY(:ids)")
                .bind("note", note).bind("token", claim.token()).bindArray("ids", UUID.class, ids(claim))
                .execute());
    }

    /**
     * What the database said, for the row's status message, which the API shows: its first line,
     * without the statement and its arguments, which the exception's own text carries (the log has
     * the whole of it).
     */
    private static String reason(RuntimeException error, SQLException sql) {
        if (sql == null || sql.getMessage() == null) {
            return error.toString();
        }
        String said = sql.getMessage().lines().findFirst().orElse("");
        int statement = said.indexOf("; SQL statement:"); // H2 appends the statement to its messages
        return (statement < 0 ? said : said.substring(0, statement)) + " (SQLSTATE " + sql.getSQLState() + ")";
    }

    private static List<UUID> ids(Claim claim) {
        return claim.rows().stream().map(Claim.Row::id).toList();
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
