package io.dragnet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.dragnet.mailbox.maildir.MaildirConnector;
import io.dragnet.store.Vendor;
import io.dragnet.testing.ApiClient.Response;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cancel, and a delete after it, while a batch is in flight: held under a lease, or (on
 * PostgreSQL, with the Maildir connector) locked by the transaction that acts on it. Either way
 * the cancel returns at once, only that batch still moves, and it is counted; on both databases.
 */
abstract class EngineCancelContract extends TenantPerTest {
    EngineCancelContract() {
        super(41);
    }

    @Test
    void a_cancel_stops_the_job_at_once_and_only_the_leased_batch_in_flight_still_moves_and_is_counted() throws Exception {
        cancelWhileABatchIsInFlight(false);
    }

    @Test
    void a_cancel_does_not_wait_for_a_batch_acting_within_its_transaction_and_only_that_batch_still_moves() throws Exception {
        cancelWhileABatchIsInFlight(true);
    }

    /** A discovered campaign job whose first batch a worker holds in flight, on another thread, until released. */
    private record InFlight(UUID job, HeldBatch held, Worker worker, CompletableFuture<Boolean> step) {
    }

    private InFlight aBatchInFlight(boolean withinTransaction) {
        UUID job = campaignJob();
        HeldBatch held = new HeldBatch(maildir(MaildirConnector.FileOps.DEFAULT), withinTransaction);
        Worker worker = worker("node-a", held, 3);
        assertThat(worker.poll()).as("discovery").isTrue();
        return new InFlight(job, held, worker, CompletableFuture.supplyAsync(worker::poll));
    }

    private void cancelWhileABatchIsInFlight(boolean withinTransaction) throws Exception {
        InFlight inFlight = aBatchInFlight(withinTransaction);
        int batch;
        JsonNode cancelled;
        Set<Path> atCancel;
        try {
            batch = inFlight.held().awaitBatch(); // up to 3: as many of the campaign's copies as the first mailbox holds
            String cancel = tenant.bulk() + "/" + inFlight.job() + "/cancel";
            cancelled = CompletableFuture.supplyAsync(() -> server.api.post(cancel, null, tenant.writer))
                    .get(20, TimeUnit.SECONDS).result();
            atCancel = tenant.files();
        } finally {
            inFlight.held().release();
        }
        assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
        assertCountersAddUp(cancelled);
        assertThat(batch).isBetween(1, 3);
        assertThat(cancelled.get("total_messages_discovered").asInt()).as("more than the batch").isGreaterThan(batch);
        assertThat(cancelled.get("messages_pending").asInt()).as("the batch in flight").isEqualTo(batch);
        assertThat(inFlight.step()).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(true);
        assertThat(inFlight.worker().drain()).as("nothing is claimed after the cancel").isZero();

        List<JsonNode> rows = tenant.rows(inFlight.job());
        List<JsonNode> moved = rows.stream().filter(r -> r.get("status").asText().equals("COMPLETED")).toList();
        assertThat(moved).hasSize(batch);
        assertThat(rows).filteredOn(r -> r.get("status").asText().equals("CANCELLED")).hasSize(rows.size() - batch);
        Set<Path> expected = new HashSet<>(atCancel);
        tenant.copiesOf(moved).values().forEach(copy -> {
            expected.remove(tenant.relative(copy.file()));
            expected.add(tenant.relative(tenant.corpus.maildir(copy.mailbox())).resolve(".Junk")
                    .resolve(copy.file().getParent().getFileName()).resolve(copy.file().getFileName()));
        });
        assertThat(tenant.files()).isEqualTo(expected);
        JsonNode done = tenant.job(inFlight.job());
        assertThat(done.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(done.get("messages_successful").asInt()).isEqualTo(batch);
        assertThat(done.get("messages_pending").asInt()).isZero();
        assertCountersAddUp(done);
    }

    @Test
    void a_cancelled_job_deleted_while_its_last_batch_acts_is_gone_and_that_batch_still_moves() throws Exception {
        InFlight inFlight = aBatchInFlight(true);
        int batch;
        long inJunkAtCancel;
        CompletableFuture<Response> deleted;
        try {
            batch = inFlight.held().awaitBatch();
            assertThat(server.api.post(tenant.bulk() + "/" + inFlight.job() + "/cancel", null, tenant.writer).result().get("status").asText())
                    .isEqualTo("CANCELLED");
            inJunkAtCancel = inJunk();
            deleted = CompletableFuture.supplyAsync(() -> server.api.delete(tenant.bulk() + "/" + inFlight.job(), tenant.writer));
            // on PostgreSQL the delete waits for the rows the batch holds locked; on H2 they are
            // leased, and it goes through at once
            await().atMost(Duration.ofSeconds(20)).until(() -> deleted.isDone() || someoneWaitsForALock());
        } finally {
            inFlight.held().release();
        }

        assertThat(inFlight.step()).as("the batch is recorded").succeedsWithin(Duration.ofSeconds(30)).isEqualTo(true);
        assertThat(deleted).succeedsWithin(Duration.ofSeconds(30)).extracting(Response::status).isEqualTo(200);
        assertThat(server.api.get(tenant.bulk() + "/" + inFlight.job(), tenant.writer).status()).isEqualTo(404);
        assertThat(inJunk()).as("the batch's copies moved").isEqualTo(inJunkAtCancel + batch);
        assertThat(inFlight.worker().drain()).isZero();
    }

    private long inJunk() {
        return tenant.files().stream().filter(file -> file.toString().contains("/.Junk/")).count();
    }

    private boolean someoneWaitsForALock() {
        return vendor() == Vendor.POSTGRESQL && server.dragnet.database().jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
                .mapTo(Long.class).one()) > 0;
    }
}
