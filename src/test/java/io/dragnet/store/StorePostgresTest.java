package io.dragnet.store;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class StorePostgresTest extends StoreContract {
    @Override
    Vendor vendor() {
        return Vendor.POSTGRESQL;
    }

    /** What discovery refreshes after writing many rows: the table's size, and the statistics of the columns claims are planned by. */
    @Test
    void analyzing_some_columns_refreshes_the_tables_size_and_those_columns_statistics_only() {
        UUID job = UUID.randomUUID();
        // fewer rows than autovacuum's threshold (50 and a tenth), so that only the ANALYZE below gathers statistics
        database.jdbi().useHandle(handle -> handle.createUpdate("""
                        INSERT INTO bulk_job_messages (id, job_id, postfix_id, client_recipient, status, created_at, mailbox, status_message)
                        SELECT gen_random_uuid(), :job, 'p' || g, 'user' || g || '@example.com', 'PENDING', now(), 'example.com/user' || g,
                               repeat('long text no query filters on ', 20)
                          FROM generate_series(1, 40) g""")
                .bind("job", job).execute());

        long rows = database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM bulk_job_messages")
                .mapTo(Long.class).one()); // these, and any the class's other tests left

        database.analyze("bulk_job_messages", List.of("job_id", "mailbox", "status"));

        database.jdbi().useHandle(handle -> {
            assertThat(handle.createQuery("SELECT attname FROM pg_stats WHERE schemaname = current_schema()"
                            + " AND tablename = 'bulk_job_messages'").mapTo(String.class).list())
                    .containsExactlyInAnyOrder("job_id", "mailbox", "status");
            assertThat(handle.createQuery("SELECT reltuples FROM pg_class WHERE oid = 'bulk_job_messages'::regclass")
                    .mapTo(Double.class).one()).isEqualTo((double) rows);
            handle.createUpdate("DELETE FROM bulk_job_messages WHERE job_id = :job").bind("job", job).execute();
        });
    }
}
