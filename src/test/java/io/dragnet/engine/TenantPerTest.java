package io.dragnet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.dragnet.corpus.CorpusSpec;
import io.dragnet.index.CopyLocation;
import io.dragnet.mailbox.Connectors;
import io.dragnet.mailbox.MailboxConnector;
import io.dragnet.mailbox.maildir.MaildirConnector;
import io.dragnet.testing.ServerPerClass;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A shared server, and for each test a {@link Tenant} of its own with a freshly generated and imported tree. */
abstract class TenantPerTest extends ServerPerClass {
    static final RetryPolicy THREE_ATTEMPTS = new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofMinutes(15));

    @TempDir
    Path mail;
    Tenant tenant;
    private long seed;

    /** @param firstSeed the corpus seed of the first test; each later test gets the next, and so different mail */
    TenantPerTest(long firstSeed) {
        this.seed = firstSeed;
    }

    @BeforeEach
    void tenant() throws IOException {
        server.clock.set(server.clock.instant().truncatedTo(ChronoUnit.SECONDS));
        tenant = Tenant.create(server, mail.resolve("tree"), new CorpusSpec(seed++, 2, 4, 120, server.clock.instant()));
    }

    Worker worker(String node, MailboxConnector connector, int batchSize) {
        return new Worker(server.dragnet.database(), node, Connectors.none().with(CopyLocation.Store.MAILDIR, connector),
                EngineConfig.workers(1).withBatchSize(batchSize).withRetry(THREE_ATTEMPTS), server.clock, () -> 0.5,
                ActionThrottle.of(0), new HashSet<>(), WriteGate.forVendor(vendor()));
    }

    UUID campaignJob() {
        return tenant.createJob("{\"action\": \"MOVE\", \"destination\": \"JunkEmail\", \"search_params\": "
                + tenant.search("\"sender\": \"" + tenant.campaignDomain() + "\"") + "}");
    }

    JsonNode row(UUID job, String rowId) {
        return tenant.rows(job).stream().filter(r -> r.get("message_id").asText().equals(rowId)).findFirst().orElseThrow();
    }

    static void assertCountersAddUp(JsonNode job) {
        assertThat(job.get("total_messages_discovered").asLong()).isEqualTo(job.get("messages_pending").asLong()
                + job.get("messages_successful").asLong() + job.get("messages_failed").asLong()
                + job.get("messages_skipped").asLong() + job.get("messages_cancelled").asLong());
    }

    MaildirConnector maildir(MaildirConnector.FileOps files) {
        return new MaildirConnector(tenant.corpus.root(), MaildirConnector.Folders.DEFAULT, files);
    }
}
