package io.dragnet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.dragnet.corpus.Corpus;
import io.dragnet.corpus.CorpusGenerator;
import io.dragnet.corpus.CorpusSpec;
import io.dragnet.corpus.GeneratedMessage;
import io.dragnet.index.Importer;
import io.dragnet.index.MaildirTree;
import io.dragnet.index.VerdictRules;
import io.dragnet.job.BulkJob;
import io.dragnet.job.JobRepository;
import io.dragnet.job.JobStatus;
import io.dragnet.testing.ApiClient.Response;
import io.dragnet.testing.ServerPerClass;
import io.dragnet.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.dragnet.testing.TestServer.bulk;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Discovery writes one row per (message, recipient copy) of exactly the messages the Investigate
 * search returns for the same parameters, with counters that add up; on both databases.
 */
abstract class DiscoveryContract extends ServerPerClass {
    /** Deleted by JUnit after the class, like the server. */
    @TempDir
    static Path corpusRoot;
    Corpus corpus;
    Discovery discovery;

    @BeforeAll
    void importCorpus() throws IOException {
        server.clock.set(server.clock.instant().truncatedTo(ChronoUnit.SECONDS));
        corpus = CorpusGenerator.write(corpusRoot,
                new CorpusSpec(7, 2, 5, 200, server.clock.instant()));
        new Importer(server.dragnet.database(), VerdictRules.defaults(), MaildirTree.Folders.DEFAULT, server.clock)
                .run(TestServer.ACCOUNT, List.of(corpus.root()), progress -> { });
        discovery = new Discovery(server.dragnet.database(), new JobRepository(server.dragnet.database()), "test-node");
    }

    UUID createJob(String searchParams) {
        Response created = server.api.post(bulk(), "{\"action\": \"MOVE\", \"destination\": \"JunkEmail\", \"search_params\": "
                + searchParams + "}", server.writer());
        assertThat(created.status()).isEqualTo(201);
        return UUID.fromString(created.result().get("job_id").asText());
    }

    /** (Message-ID, recipient) pairs the Investigate search shows for these parameters. */
    Set<String> investigated(String query) {
        Set<String> pairs = new HashSet<>();
        Response response = server.api.get("/accounts/" + TestServer.ACCOUNT + "/email-security/investigate?per_page=1000&" + query,
                server.reader());
        for (JsonNode message : response.result()) {
            message.get("client_recipients").forEach(r -> pairs.add(message.get("message_id").asText() + " " + r.asText()));
        }
        return pairs;
    }

    Set<String> discovered(UUID job) {
        Set<String> pairs = new HashSet<>();
        Response rows = server.api.get(bulk() + "/" + job + "/messages?per_page=1000", server.reader());
        for (JsonNode row : rows.result()) {
            assertThat(row.get("status").asText()).isEqualTo("PENDING");
            assertThat(pairs.add(row.get("email_message_id").asText() + " " + row.get("action_params").get("client_recipient").asText()))
                    .as("one row per copy").isTrue();
        }
        return pairs;
    }

    @Test
    void a_job_gets_one_pending_row_per_copy_of_exactly_what_investigate_finds() {
        GeneratedMessage campaign = corpus.ofKind(GeneratedMessage.Kind.CAMPAIGN).get(0);
        String domain = campaign.from().substring(campaign.from().indexOf('@') + 1);
        UUID job = createJob("{\"sender\": \"" + domain + "\"}");

        Discovery.Result result = discovery.discover(TestServer.ACCOUNT, job, server.clock.instant());

        BulkJob discoveredJob = ((Discovery.Result.Discovered) result).job();
        Set<String> expected = investigated("sender=" + URLEncoder.encode(domain, StandardCharsets.UTF_8));
        assertThat(expected).isNotEmpty();
        assertThat(discovered(job)).isEqualTo(expected);
        assertThat(discoveredJob.status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(discoveredJob.counters().discovered()).isEqualTo(expected.size());
        assertThat(discoveredJob.counters().pending()).isEqualTo(expected.size());
        assertThat(discoveredJob.startedAt()).isEqualTo(server.clock.instant());
    }

    @Test
    void a_search_that_matches_nothing_completes_the_job_at_once_and_says_so() {
        UUID job = createJob("{\"sender\": \"nobody@nowhere.example\"}");
        BulkJob done = ((Discovery.Result.Discovered) discovery.discover(TestServer.ACCOUNT, job, server.clock.instant())).job();
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.completedAt()).isNotNull();
        assertThat(done.statusMessage()).contains("No message matched");
        assertThat(done.counters().discovered()).isZero();
    }

    @Test
    void a_job_is_discovered_once_and_a_cancelled_job_not_at_all() {
        UUID job = createJob("{\"detections_only\": false}");
        assertThat(discovery.discover(TestServer.ACCOUNT, job, server.clock.instant())).isInstanceOf(Discovery.Result.Discovered.class);
        int rows = discovered(job).size();
        assertThat(discovery.discover(TestServer.ACCOUNT, job, server.clock.instant())).isInstanceOf(Discovery.Result.NotPending.class);
        assertThat(discovered(job)).hasSize(rows);

        UUID cancelled = createJob("{\"detections_only\": false}");
        server.api.post(bulk() + "/" + cancelled + "/cancel", null, server.writer());
        assertThat(discovery.discover(TestServer.ACCOUNT, cancelled, server.clock.instant())).isInstanceOf(Discovery.Result.NotPending.class);
        assertThat(server.api.get(bulk() + "/" + cancelled + "/messages", server.reader()).result().size()).isZero();
    }

    @Test
    void another_accounts_job_is_not_discovered() {
        UUID job = createJob("{}");
        assertThat(discovery.discover(TestServer.OTHER_ACCOUNT, job, server.clock.instant())).isInstanceOf(Discovery.Result.NotPending.class);
        assertThat(server.api.get(bulk() + "/" + job, server.reader()).result().get("status").asText()).isEqualTo("PENDING");
    }

    @Test
    void each_job_lists_its_rows_oldest_first_whatever_their_mailbox() {
        Map<String, Instant> received = new HashMap<>();
        corpus.messages().forEach(m -> received.put(m.messageId().replaceAll("^<|>$", ""), m.receivedAt()));
        int expected = investigated("detections_only=false").size();
        // two jobs over the same messages: each numbers its rows from its own start
        for (UUID job : List.of(createJob("{\"detections_only\": false}"), createJob("{\"detections_only\": false}"))) {
            assertThat(discovery.discover(TestServer.ACCOUNT, job, server.clock.instant())).isInstanceOf(Discovery.Result.Discovered.class);

            List<Instant> times = new ArrayList<>();
            int mailboxChanges = 0;
            String previous = null;
            for (JsonNode row : server.api.get(bulk() + "/" + job + "/messages?per_page=1000", server.reader()).result()) {
                times.add(received.get(row.get("email_message_id").asText()));
                String recipient = row.get("action_params").get("client_recipient").asText();
                mailboxChanges += recipient.equals(previous) ? 0 : 1;
                previous = recipient;
            }
            assertThat(times).hasSize(expected).doesNotContainNull().isSorted();
            // the rows are written a mailbox at a time; listed by that order, ten mailboxes would change ten times
            assertThat(mailboxChanges).isGreaterThan(corpus.mailboxes().size());
        }
    }
}
