package io.dragnet.testing;

import io.dragnet.store.Database;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes job message rows the way discovery will: rows and counters in one transaction. The engine
 * that discovers them for real comes later; until then the API's row endpoints are tested on these.
 */
public final class JobRows {
    private JobRows() {
    }

    /** Adds {@code count} PENDING rows for recipients user0@…, user1@…; returns their ids in discovery order. */
    public static List<UUID> addPending(Database database, UUID jobId, int count, Instant now) {
        List<UUID> ids = new ArrayList<>();
        database.jdbi().useTransaction(handle -> {
            for (int i = 0; i < count; i++) {
                UUID id = UUID.randomUUID();
                handle.createUpdate("""
                                INSERT INTO bulk_job_messages (id, job_id, postfix_id, email_message_id, alert_id,
                                    client_recipient, status, created_at)
                                VALUES (:id, :job, :postfix, :messageId, :alert, :recipient, 'PENDING', :now)""")
                        .bind("id", id)
                        .bind("job", jobId)
                        .bind("postfix", "4Q" + Integer.toHexString(0x10000 + i).toUpperCase())
                        .bind("messageId", "<campaign-" + i + "@evil.example>")
                        .bind("alert", "alert-" + i)
                        .bind("recipient", "user" + i + "@example.com")
                        .bind("now", now)
                        .execute();
                ids.add(id);
            }
            handle.createUpdate("""
                            UPDATE bulk_jobs SET status = 'PROCESSING', started_at = :now,
                                   total_messages_discovered = total_messages_discovered + :n,
                                   messages_pending = messages_pending + :n
                             WHERE id = :job""")
                    .bind("n", count).bind("job", jobId).bind("now", now)
                    .execute();
        });
        return ids;
    }

    /** Marks one row COMPLETED and moves its count from pending to successful. */
    public static void complete(Database database, UUID jobId, UUID rowId, Instant now) {
        database.jdbi().useTransaction(handle -> {
            handle.createUpdate("UPDATE bulk_job_messages SET status = 'COMPLETED', processed_at = :now WHERE id = :id")
                    .bind("now", now).bind("id", rowId).execute();
            handle.createUpdate("""
                            UPDATE bulk_jobs SET messages_pending = messages_pending - 1,
                                   messages_successful = messages_successful + 1 WHERE id = :job""")
                    .bind("job", jobId).execute();
        });
    }
}
