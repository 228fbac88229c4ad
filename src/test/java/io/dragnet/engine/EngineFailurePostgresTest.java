package io.dragnet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.dragnet.mailbox.maildir.MaildirConnector;
import io.dragnet.store.Vendor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EngineFailurePostgresTest extends EngineFailureContract {
    @Override
    protected Vendor vendor() {
        return Vendor.POSTGRESQL;
    }

    /** Only PostgreSQL holds rows locked, not leased, while a batch acts. */
    @Test
    void rows_locked_by_a_batch_that_hangs_past_its_connectors_bound_are_handed_back_and_done_by_another_worker() throws InterruptedException {
        UUID job = campaignJob();
        HeldBatch hung = new HeldBatch(maildir(MaildirConnector.FileOps.DEFAULT), Optional.of(Duration.ofMillis(200)));
        Worker stuck = worker("node-a", hung, 3);
        assertThat(stuck.poll()).as("discovery").isTrue();
        CompletableFuture<Boolean> step = CompletableFuture.supplyAsync(stuck::poll);
        try {
            assertThat(hung.awaitBatch()).isPositive();
            Worker other = worker("node-b", maildir(MaildirConnector.FileOps.DEFAULT), 100);
            // node-b skips the locked rows until the database ends node-a's transaction, a second after it went idle
            // (Worker.SHORTEST_IDLE: twice the bound would be 400 ms)
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                other.drain();
                assertThat(tenant.job(job).get("messages_pending").asInt()).isZero();
            });
        } finally {
            hung.release();
        }

        assertThat(step).failsWithin(Duration.ofSeconds(20)).withThrowableThat().havingRootCause()
                .withMessageContaining("idle-in-transaction");
        JsonNode done = tenant.job(job);
        assertThat(done.get("messages_successful").asInt()).isEqualTo(done.get("total_messages_discovered").asInt());
        assertCountersAddUp(done);
        assertThat(tenant.rows(job)).allSatisfy(row -> assertThat(row.get("status").asText()).isEqualTo("COMPLETED"));
    }
}
