package io.dragnet.engine;

import io.dragnet.job.BulkJob;
import io.dragnet.job.JobRepository;
import io.dragnet.job.StoredSearch;
import io.dragnet.search.SearchParams;
import io.dragnet.search.SearchSql;
import io.dragnet.store.Database;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a job's search into its rows: one per (message, recipient copy), set-wise inside the
 * database with the same {@link SearchSql} the Investigate endpoint pages through, so a job acts
 * on exactly what an analyst saw. No row passes through the JVM.
 */
public final class Discovery {
    private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);
    /** Rows after which the table's statistics are refreshed; autovacuum would do it, but minutes later. */
    private static final int ANALYZE_AFTER = 10_000;
    /** What the claims ({@code RowClaims}), the job's row listings and the hand-back of a dead node's rows are planned by. */
    private static final List<String> CLAIM_COLUMNS = List.of("job_id", "mailbox", "status", "retry_after", "seq", "lease_node");

    private final Database database;
    private final Jdbi jdbi;
    private final JobRepository jobs;
    private final String nodeId;
    private final Set<String> inFlight;

    /** @param nodeId the node discovering, so that a job whose node dies mid-discovery can be reclaimed */
    public Discovery(Database database, JobRepository jobs, String nodeId) {
        this(database, jobs, nodeId, ConcurrentHashMap.newKeySet());
    }

    /**
     * @param inFlight what the node's workers hold, shared with its housekeeping: a job's id is in
     *                 it from its claim until its discovery ends, so the node never hands back a
     *                 discovery one of its workers is still running ({@link NodeRegistry#reclaimOrphans})
     */
    Discovery(Database database, JobRepository jobs, String nodeId, Set<String> inFlight) {
        this.database = database;
        this.jdbi = database.jdbi();
        this.jobs = jobs;
        this.nodeId = nodeId;
        this.inFlight = inFlight;
    }

    /** What discovering a job came to. */
    public sealed interface Result {
        /** Rows were written; the job is now PROCESSING, or COMPLETED when nothing matched. */
        record Discovered(BulkJob job) implements Result {
        }

        /** Another node claimed it first, or it was cancelled: nothing was written. */
        record NotPending() implements Result {
        }

        /** The job's stored search could not be read: it is FAILED, with the reason. */
        record Failed(String reason) implements Result {
        }
    }

    public Result discover(String accountId, UUID jobId, Instant now) {
        BulkJob job = jobs.find(accountId, jobId).orElse(null);
        if (job == null || !claim(jobId, now)) {
            return new Result.NotPending();
        }
        try {
            return discoverClaimed(accountId, job, now);
        } finally {
            inFlight.remove(jobId.toString());
        }
    }

    private Result discoverClaimed(String accountId, BulkJob job, Instant now) {
        UUID jobId = job.id();
        if (job.search() instanceof StoredSearch.Unreadable unreadable) {
            String reason = "its stored search parameters do not read (" + unreadable.reason() + ").";
            LOG.warn("Job {} of account {} failed: {}", jobId, accountId, reason);
            fail(jobId, reason, now);
            return new Result.Failed(reason);
        }
        SearchParams search = ((StoredSearch.Readable) job.search()).params();
        try {
            int written = jdbi.inTransaction(handle -> {
                int rows = insertRows(handle, job, search, now);
                long skipped = handle.createQuery("SELECT COUNT(*) FROM bulk_job_messages WHERE job_id = :job AND status = 'SKIPPED'")
                        .bind("job", jobId).mapTo(Long.class).one();
                long pending = rows - skipped;
                String message = rows == 0 ? "No message matched the search parameters; nothing to do."
                        : pending == 0 ? "Every matching message is a phish submission, which a job cannot act on: "
                        + rows + " skipped." : null;
                int finished = handle.createUpdate("""
                                UPDATE bulk_jobs
                                   SET total_messages_discovered = :total, messages_pending = :pending, messages_skipped = :skipped,
                                       status = :status, completed_at = :completedAt, status_message = :message
                                 WHERE id = :job AND status = 'DISCOVERING' AND discovery_node = :node""")
                        .bind("total", rows).bind("pending", pending).bind("skipped", skipped)
                        .bind("status", pending == 0 ? "COMPLETED" : "PROCESSING")
                        .bind("completedAt", pending == 0 ? now : null)
                        .bind("message", message)
                        .bind("job", jobId)
                        // a node judged dead while it discovered: another has the job now, and its rows count
                        .bind("node", nodeId)
                        .execute();
                if (finished == 0) {
                    throw new NotOursAnyMore();
                }
                return rows;
            });
            LOG.info("Job {} of account {}: {} rows discovered", jobId, accountId, written);
            if (written >= ANALYZE_AFTER && database.dialect().plansFromStatistics()) {
                // the claim queries are planned from statistics that still describe the table without these
                // rows; only the columns they and the row listings filter and sort by: a full ANALYZE spent
                // most of its 0.7 s (a tenth of an IMAP job's database time, bench/README.md) on the rest
                database.analyze("bulk_job_messages", CLAIM_COLUMNS);
            }
            return new Result.Discovered(jobs.find(accountId, jobId).orElseThrow());
        } catch (NotOursAnyMore e) {
            // the rows were rolled back with the transaction: a cancel counted none, another node writes its own
            return new Result.NotPending();
        }
    }

    /**
     * Ends a job whose discovery failed, as the contract asks: FAILED, with the reason. Only a job
     * waiting for discovery or in this node's changes; a cancel that came first stands, and so does
     * another node's discovery of a job this node was judged dead for.
     */
    public void fail(UUID jobId, String reason, Instant now) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE bulk_jobs SET status = 'FAILED', completed_at = :now, status_message = :message
                         WHERE id = :job AND (status = 'PENDING' OR status = 'DISCOVERING' AND discovery_node = :node)""")
                .bind("now", now).bind("job", jobId).bind("node", nodeId)
                .bind("message", "Finding the messages failed: " + reason + " Create the job again; if it fails again, the server log has the details.")
                .execute());
    }

    /**
     * Rolls discovery back when the job was cancelled while its rows were being written, or handed
     * to another node (this one's heartbeat was late): only the job's current discovery writes rows.
     */
    private static final class NotOursAnyMore extends RuntimeException {
        NotOursAnyMore() {
            super(null, null, false, false);
        }
    }

    /**
     * PENDING → DISCOVERING, atomically: of two workers that try, one wins. The hold is taken
     * before the claim commits, so housekeeping never sees this node's discovery unheld, and only
     * the winner keeps it: workers of one node race for every new job, and a loser that removed
     * the job's id when it gave up would take the winner's entry with it (a set holds one for both).
     */
    private boolean claim(UUID jobId, Instant now) {
        String held = jobId.toString();
        if (!inFlight.add(held)) {
            return false; // another worker of this node has it
        }
        boolean won = false;
        try {
            won = jdbi.withHandle(handle -> handle.createUpdate(
                            "UPDATE bulk_jobs SET status = 'DISCOVERING', started_at = :now, discovery_node = :node"
                                    + " WHERE id = :job AND status = 'PENDING'")
                    .bind("now", now).bind("job", jobId).bind("node", nodeId).execute()) == 1;
            return won;
        } finally {
            if (!won) {
                inFlight.remove(held);
            }
        }
    }

    private int insertRows(Handle handle, BulkJob job, SearchParams params, Instant now) {
        SearchSql search = SearchSql.of(database.vendor(), job.accountId(), params);
        Map<String, Object> binds = new HashMap<>(search.parameters());
        binds.put("job", job.id());
        binds.put("now", now);
        // Phish submissions cannot be acted on: they are recorded, and skipped. The rows are numbered
        // in discovery order, oldest first (seq), but written a mailbox at a time: a claim takes a batch
        // of one mailbox, whose rows then share a few pages of the table and of each index instead of
        // one page each, which after a checkpoint PostgreSQL logs whole (bench/README.md, seventh session)
        return handle.createUpdate("INSERT INTO bulk_job_messages (id, seq, job_id, postfix_id, email_message_id, alert_id,"
                        + " client_recipient, status, retry_count, created_at, message_ref, copy_id, mailbox)"
                        + " SELECT " + database.dialect().newTimeOrderedUuid() + ", found.discovered, :job, found.postfix_id,"
                        + " found.message_id, found.alert_id, found.recipient, found.status, 0, :now, found.message_ref,"
                        + " found.copy_id, found.mailbox FROM ("
                        + " SELECT ROW_NUMBER() OVER (ORDER BY m.received_at, m.seq, c.recipient) AS discovered,"
                        + " m.postfix_id, m.message_id, m.alert_id, c.recipient,"
                        + " CASE WHEN m.is_submission THEN 'SKIPPED' ELSE 'PENDING' END AS status,"
                        + " m.id AS message_ref, c.id AS copy_id, c.mailbox"
                        + " FROM messages m JOIN message_copies c ON c.message_seq = m.seq"
                        + " WHERE " + search.where() + ") found"
                        + " ORDER BY found.mailbox, found.discovered")
                .bindMap(binds)
                .execute();
    }
}
