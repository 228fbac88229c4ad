package io.dragnet.job;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.dragnet.json.Json;
import io.dragnet.search.DispositionLabel;
import io.dragnet.search.SearchParams;
import io.dragnet.store.Database;
import io.dragnet.store.Dialect;
import io.dragnet.store.PageRequest;
import io.dragnet.store.SqlTime;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Jobs and their message rows. Every statement names the account, so a job of another account
 * behaves exactly like a job that does not exist.
 */
public final class JobRepository {
    private static final String JOB_COLUMNS = """
            id, account_id, action_type, destination, expected_disposition, search_params, status,
            total_messages_discovered, messages_pending, messages_successful, messages_failed, messages_skipped,
            messages_cancelled, comment, status_message, requested_by, created_at, started_at, completed_at""";
    private static final String MESSAGE_COLUMNS = """
            m.id, m.job_id, m.postfix_id, m.email_message_id, m.alert_id, m.client_recipient, m.status,
            m.retry_count, m.retry_after, m.processed_at, m.status_message, m.created_at""";
    private static final String ACTIVE = "('PENDING', 'DISCOVERING', 'PROCESSING')";
    private static final String TERMINAL = "('COMPLETED', 'FAILED', 'CANCELLED')";

    private final Jdbi jdbi;
    private final Dialect dialect;

    public JobRepository(Database database) {
        this.jdbi = database.jdbi();
        this.dialect = database.dialect();
    }

    /**
     * Cancels a job's PENDING rows and counts them cancelled, in the caller's transaction. Rows a
     * batch in flight holds locked (PostgreSQL) are skipped, not waited for: that batch records
     * them itself, and it waits for the job row that the cancelling transaction holds, so waiting
     * for them would deadlock.
     *
     * @param message the rows' new status_message, or null to keep the one they have
     * @return the rows cancelled
     */
    public static int cancelPendingRows(Handle handle, Dialect dialect, UUID job, Instant now, String message) {
        var update = handle.createUpdate("UPDATE bulk_job_messages SET status = 'CANCELLED', processed_at = :now"
                        + (message == null ? "" : ", status_message = :message") + " WHERE "
                        + dialect.unlocked("bulk_job_messages", "job_id = :job AND status = 'PENDING'"))
                .bind("now", now).bind("job", job);
        int cancelled = (message == null ? update : update.bind("message", message)).execute();
        countCancelled(handle, job, cancelled);
        return cancelled;
    }

    /** Moves {@code rows} of a job's count from pending to cancelled, in the caller's transaction. */
    public static void countCancelled(Handle handle, UUID job, int rows) {
        if (rows == 0) {
            return;
        }
        handle.createUpdate("""
                        UPDATE bulk_jobs SET messages_pending = messages_pending - :n, messages_cancelled = messages_cancelled + :n
                         WHERE id = :job""")
                .bind("n", rows).bind("job", job).execute();
    }

    public void insert(BulkJob job) {
        Destination destination = job.action() instanceof ActionParams.Move move ? move.destination() : null;
        DispositionLabel expected = job.action() instanceof ActionParams.Move move ? move.expectedDisposition() : null;
        Counters c = job.counters();
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO bulk_jobs (" + JOB_COLUMNS + """
                        ) VALUES (:id, :account, :actionType, :destination, :expected, :search, :status,
                        :discovered, :pending, :successful, :failed, :skipped, :cancelled, :comment, :statusMessage,
                        :requestedBy, :createdAt, :startedAt, :completedAt)""")
                .bind("id", job.id())
                .bind("account", job.accountId())
                .bind("actionType", job.actionType())
                .bind("destination", destination)
                .bind("expected", expected)
                .bind("search", toJson(job.search()))
                .bind("status", job.status())
                .bind("discovered", c.discovered())
                .bind("pending", c.pending())
                .bind("successful", c.successful())
                .bind("failed", c.failed())
                .bind("skipped", c.skipped())
                .bind("cancelled", c.cancelled())
                .bind("comment", job.comment())
                .bind("statusMessage", job.statusMessage())
                .bind("requestedBy", job.requestedBy())
                .bind("createdAt", job.createdAt())
                .bind("startedAt", job.startedAt())
                .bind("completedAt", job.completedAt())
                .execute());
    }

    public Optional<BulkJob> find(String accountId, UUID id) {
        return jdbi.withHandle(handle -> find(handle, accountId, id));
    }

    /** Newest first; {@code seq} breaks the ties that equal {@code created_at} values would leave. */
    public List<BulkJob> list(String accountId, JobFilter filter, PageRequest page) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + JOB_COLUMNS + """
                         FROM bulk_jobs
                        WHERE account_id = :account
                          AND (CAST(:actionType AS VARCHAR(16)) IS NULL OR action_type = :actionType)
                          AND (CAST(:status AS VARCHAR(16)) IS NULL OR status = :status)
                        ORDER BY seq DESC
                        LIMIT :limit OFFSET :offset""")
                .bind("account", accountId)
                .bind("actionType", filter.actionType() == null ? null : filter.actionType().name())
                .bind("status", filter.status() == null ? null : filter.status().name())
                .bind("limit", page.perPage())
                .bind("offset", page.offset())
                .map(JobRepository::job)
                .list());
    }

    /**
     * Cancels an active job: the job turns CANCELLED and its PENDING rows are counted cancelled, in
     * one transaction, so a reader never sees the counters disagree with the rows.
     */
    public JobChange cancel(String accountId, UUID id, Instant now) {
        return jdbi.inTransaction(handle -> {
            int changed = handle.createUpdate("UPDATE bulk_jobs SET status = 'CANCELLED', completed_at = :now"
                            + " WHERE id = :id AND account_id = :account AND status IN " + ACTIVE)
                    .bind("now", now).bind("id", id).bind("account", accountId)
                    .execute();
            if (changed == 0) {
                return unchanged(handle, accountId, id);
            }
            cancelPendingRows(handle, dialect, id, now, null);
            return new JobChange.Done(find(handle, accountId, id).orElseThrow());
        });
    }

    /** Deletes a terminal job and its rows. */
    public JobChange delete(String accountId, UUID id) {
        return jdbi.inTransaction(handle -> {
            Optional<BulkJob> job = find(handle, accountId, id);
            if (job.isEmpty() || !job.get().status().isTerminal()) {
                return unchanged(handle, accountId, id);
            }
            // The rows first, and only then the job row: a batch still in flight after a cancel
            // holds some of them locked (PostgreSQL) and, to record them, waits for the job row.
            // Deleting the job first (its rows by cascade) would hold that row while waiting for them.
            handle.createUpdate("DELETE FROM bulk_job_messages WHERE job_id = :id").bind("id", id).execute();
            int deleted = handle.createUpdate("DELETE FROM bulk_jobs WHERE id = :id AND account_id = :account AND status IN " + TERMINAL)
                    .bind("id", id).bind("account", accountId)
                    .execute();
            return deleted == 1 ? new JobChange.Done(job.get()) : unchanged(handle, accountId, id);
        });
    }

    /** A job's rows in discovery order. The caller has checked that the job is in the account. */
    public List<JobMessage> messages(String accountId, UUID jobId, MessageStatus status, PageRequest page) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + MESSAGE_COLUMNS + """
                         FROM bulk_job_messages m JOIN bulk_jobs j ON j.id = m.job_id
                        WHERE j.account_id = :account AND m.job_id = :job
                          AND (CAST(:status AS VARCHAR(16)) IS NULL OR m.status = :status)
                        ORDER BY m.seq
                        LIMIT :limit OFFSET :offset""")
                .bind("account", accountId)
                .bind("job", jobId)
                .bind("status", status == null ? null : status.name())
                .bind("limit", page.perPage())
                .bind("offset", page.offset())
                .map(JobRepository::message)
                .list());
    }

    private static JobChange unchanged(Handle handle, String accountId, UUID id) {
        return find(handle, accountId, id).<JobChange>map(JobChange.NotAllowed::new).orElseGet(JobChange.NotFound::new);
    }

    private static Optional<BulkJob> find(Handle handle, String accountId, UUID id) {
        return handle.createQuery("SELECT " + JOB_COLUMNS + " FROM bulk_jobs WHERE id = :id AND account_id = :account")
                .bind("id", id)
                .bind("account", accountId)
                .map(JobRepository::job)
                .findOne();
    }

    private static BulkJob job(ResultSet rs, StatementContext ctx) throws SQLException {
        ActionParams action = switch (ActionType.valueOf(rs.getString("action_type"))) {
            case MOVE -> new ActionParams.Move(Destination.valueOf(rs.getString("destination")),
                    rs.getString("expected_disposition") == null ? null : DispositionLabel.valueOf(rs.getString("expected_disposition")));
            case RELEASE -> new ActionParams.Release();
        };
        return new BulkJob(
                rs.getObject("id", UUID.class),
                rs.getString("account_id"),
                action,
                fromJson(rs.getString("search_params")),
                JobStatus.valueOf(rs.getString("status")),
                new Counters(rs.getLong("total_messages_discovered"), rs.getLong("messages_pending"),
                        rs.getLong("messages_successful"), rs.getLong("messages_failed"), rs.getLong("messages_skipped"),
                        rs.getLong("messages_cancelled")),
                SqlTime.instant(rs, "created_at"),
                SqlTime.instant(rs, "started_at"),
                SqlTime.instant(rs, "completed_at"),
                rs.getString("comment"),
                rs.getString("status_message"),
                rs.getString("requested_by"));
    }

    private static JobMessage message(ResultSet rs, StatementContext ctx) throws SQLException {
        return new JobMessage(
                rs.getObject("id", UUID.class),
                rs.getObject("job_id", UUID.class),
                rs.getString("postfix_id"),
                rs.getString("email_message_id"),
                rs.getString("alert_id"),
                rs.getString("client_recipient"),
                MessageStatus.valueOf(rs.getString("status")),
                rs.getInt("retry_count"),
                SqlTime.instant(rs, "retry_after"),
                SqlTime.instant(rs, "processed_at"),
                rs.getString("status_message"),
                SqlTime.instant(rs, "created_at"));
    }

    private static String toJson(StoredSearch search) {
        try {
            // a job is stored once, when it is created from a request, with parameters it has just read
            return search instanceof StoredSearch.Readable readable ? Json.mapper().writeValueAsString(readable.params())
                    : ((StoredSearch.Unreadable) search).stored();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("search parameters always serialize", e);
        }
    }

    private static StoredSearch fromJson(String json) {
        try {
            SearchParams search = json == null ? null : Json.mapper().readValue(json, SearchParams.class);
            return search != null ? new StoredSearch.Readable(search)
                    : new StoredSearch.Unreadable(String.valueOf(json), "no search parameters were stored");
        } catch (UnrecognizedPropertyException e) {
            return new StoredSearch.Unreadable(json, "a field this version does not know: " + e.getPropertyName());
        } catch (JsonParseException e) {
            return new StoredSearch.Unreadable(json, "not JSON: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            return new StoredSearch.Unreadable(json, "not the search parameters this version reads");
        }
    }
}
