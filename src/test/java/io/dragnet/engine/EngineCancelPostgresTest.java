package io.dragnet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.dragnet.mailbox.maildir.MaildirConnector;
import io.dragnet.store.Vendor;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EngineCancelPostgresTest extends EngineCancelContract {
    @Override
    protected Vendor vendor() {
        return Vendor.POSTGRESQL;
    }

    /** Only PostgreSQL holds rows locked, not leased, while a batch acts. */
    @Test
    void rows_a_cancel_skipped_for_a_locked_batch_that_never_committed_are_cancelled_by_housekeeping() {
        UUID job = campaignJob();
        assertThat(worker("node-a", maildir(MaildirConnector.FileOps.DEFAULT), 3).poll())
                .as("discovery").isTrue();
        List<UUID> locked;
        try (Handle batch = server.dragnet.database().jdbi().open()) {
            // what a worker's locked batch holds; its node dies before it commits
            batch.begin();
            locked = batch.createQuery("SELECT id FROM bulk_job_messages WHERE job_id = :job AND status = 'PENDING'"
                            + " ORDER BY seq LIMIT 2 FOR UPDATE")
                    .bind("job", job).mapTo(UUID.class).list();
            assertThat(locked).hasSize(2);
            JsonNode cancelled = CompletableFuture.supplyAsync(
                            () -> server.api.post(tenant.bulk() + "/" + job + "/cancel", null, tenant.writer).result())
                    .orTimeout(20, TimeUnit.SECONDS).join();
            assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
            assertThat(cancelled.get("messages_pending").asInt()).as("the locked batch").isEqualTo(2);
            batch.rollback();
        }
        NodeRegistry node = new NodeRegistry(server.dragnet.database(), "node-b", "host-b");
        assertThat(tenant.job(job).get("messages_pending").asInt()).as("nothing else ends them").isEqualTo(2);

        assertThat(node.cancelStranded(server.clock.instant())).isEqualTo(2);

        JsonNode done = tenant.job(job);
        assertThat(done.get("messages_pending").asInt()).isZero();
        assertCountersAddUp(done);
        assertThat(tenant.rows(job)).filteredOn(r -> locked.contains(UUID.fromString(r.get("message_id").asText())))
                .hasSize(2)
                .allSatisfy(r -> {
                    assertThat(r.get("status").asText()).isEqualTo("CANCELLED");
                    assertThat(r.get("status_message").asText()).contains("may or may not have been moved");
                });
        assertThat(node.cancelStranded(server.clock.instant().plus(Duration.ofSeconds(20)))).as("once").isZero();
    }

    /** Without a foreign key from the rows to their job (V5_4), only discovery's closing update keeps them from outliving it. */
    @Test
    void a_job_cancelled_and_deleted_while_its_discovery_writes_rows_leaves_none_behind() {
        UUID job = campaignJob();

        discoverWhile(job, other -> {
            // what a cancel and then a delete write, the job being in discovery
            other.createUpdate("UPDATE bulk_jobs SET status = 'CANCELLED' WHERE id = :job AND status = 'DISCOVERING'")
                    .bind("job", job).execute();
            assertThat(other.createUpdate("DELETE FROM bulk_jobs WHERE id = :job").bind("job", job).execute()).isEqualTo(1);
        });

        assertThat(rowsOf(job)).isZero();
        assertThat(server.api.get(tenant.bulk() + "/" + job, tenant.writer).status()).isEqualTo(404);
    }

    @Test
    void a_discovery_handed_to_another_node_while_it_wrote_rows_leaves_only_that_nodes_rows() {
        UUID job = campaignJob();

        discoverWhile(job, other -> {
            // node-a's heartbeat was late: housekeeping handed the job back and node-b claimed it
            other.createUpdate("UPDATE bulk_jobs SET discovery_node = 'node-b' WHERE id = :job AND status = 'DISCOVERING'")
                    .bind("job", job).execute();
        });

        assertThat(rowsOf(job)).as("node-a's rows rolled back").isZero();
        assertThat(tenant.job(job).get("status").asText()).isEqualTo("DISCOVERING");
    }

    /**
     * Node-a discovers the job while another transaction holds its INSERT back (a table lock) and,
     * once it waits, does {@code meanwhile} and commits; returns when the discovery has ended.
     */
    private void discoverWhile(UUID job, Consumer<Handle> meanwhile) {
        CompletableFuture<Boolean> discovery;
        try (Handle other = server.dragnet.database().jdbi().open()) {
            other.begin();
            other.execute("LOCK TABLE bulk_job_messages IN SHARE MODE");
            discovery = CompletableFuture.supplyAsync(() -> worker("node-a", maildir(MaildirConnector.FileOps.DEFAULT), 3).poll());
            await().atMost(Duration.ofSeconds(20)).until(() -> insertWaitsForALock(job));
            meanwhile.accept(other);
            other.commit();
        }
        assertThat(discovery).succeedsWithin(Duration.ofSeconds(20));
    }

    private long rowsOf(UUID job) {
        return server.dragnet.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM bulk_job_messages WHERE job_id = :job").bind("job", job).mapTo(Long.class).one());
    }

    private boolean insertWaitsForALock(UUID job) {
        return server.dragnet.database().jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                                + " AND query LIKE 'INSERT INTO bulk_job_messages%'")
                .mapTo(Long.class).one()) > 0
                && "DISCOVERING".equals(tenant.job(job).get("status").asText());
    }

    @Test
    void handing_back_a_dead_nodes_rows_does_not_wait_for_a_delete_that_is_removing_them() {
        UUID job = campaignJob();
        assertThat(worker("node-a", maildir(MaildirConnector.FileOps.DEFAULT), 3).poll()).as("discovery").isTrue();
        new NodeRegistry(server.dragnet.database(), "node-dead", "host-a").heartbeat(server.clock.instant());
        int held = new RowClaims(server.dragnet.database(), "node-dead").claim("dead-token", server.clock.instant(), 4)
                .orElseThrow().rows().size();
        assertThat(server.api.post(tenant.bulk() + "/" + job + "/cancel", null, tenant.writer).result().get("status").asText())
                .isEqualTo("CANCELLED");
        NodeRegistry live = new NodeRegistry(server.dragnet.database(), "node-b", "host-b");
        live.heartbeat(server.clock.instant());

        try (Handle delete = server.dragnet.database().jdbi().open()) {
            // a delete of the job has removed its rows and is about to take the job row
            delete.begin();
            delete.createUpdate("DELETE FROM bulk_job_messages WHERE job_id = :job").bind("job", job).execute();
            CompletableFuture<Integer> reclaim = CompletableFuture.supplyAsync(
                    () -> live.reclaim(server.clock.instant().plusSeconds(61), Duration.ofSeconds(60)));
            assertThat(reclaim).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(0);
            delete.rollback();
        }
        // the delete did not happen after all: the dead node's rows are still there, and the next
        // heartbeat hands them back, the job being cancelled, as cancelled
        assertThat(tenant.job(job).get("messages_pending").asInt()).isEqualTo(held);
        assertThat(live.reclaim(server.clock.instant().plusSeconds(61), Duration.ofSeconds(60))).isEqualTo(held);
        JsonNode done = tenant.job(job);
        assertThat(done.get("messages_pending").asInt()).isZero();
        assertCountersAddUp(done);
    }
}
