package io.dragnet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.dragnet.auth.AccountStore;
import io.dragnet.auth.Permission;
import io.dragnet.auth.TokenStore;
import io.dragnet.corpus.Corpus;
import io.dragnet.corpus.CorpusGenerator;
import io.dragnet.corpus.CorpusSpec;
import io.dragnet.corpus.GeneratedMessage;
import io.dragnet.index.Importer;
import io.dragnet.index.MaildirTree;
import io.dragnet.index.VerdictRules;
import io.dragnet.store.Database;
import io.dragnet.store.Vendor;
import io.dragnet.testing.ApiClient;
import io.dragnet.testing.Credentials;
import io.dragnet.testing.DragnetProcess;
import io.dragnet.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine as operators run it: {@code serve} and {@code worker} processes on one PostgreSQL,
 * killed with SIGKILL mid-job and restarted, or sharing a job. Every copy must end in exactly one
 * place, acted on once.
 */
class EngineProcessTest {
    static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;
    TestDatabase database;
    Corpus corpus;
    Credentials writer;
    String jdbcUrl;
    final List<DragnetProcess> processes = new ArrayList<>();

    @BeforeEach
    void importCorpus() throws IOException {
        database = TestDatabase.of(Vendor.POSTGRESQL);
        jdbcUrl = database.config().jdbcUrl();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        corpus = CorpusGenerator.write(dir.resolve("mail"), new CorpusSpec(5, 2, 10, 900, now));
        try (Database store = Database.open(database.config())) {
            new AccountStore(store).create(ACCOUNT, "Example", now);
            writer = Credentials.bearer(new TokenStore(store).create("soc", Permission.WRITE, List.of(ACCOUNT), null, now).secret());
            new Importer(store, VerdictRules.defaults(), MaildirTree.Folders.DEFAULT, Clock.systemUTC())
                    .run(ACCOUNT, List.of(corpus.root()), progress -> { });
        }
    }

    @AfterEach
    void stop() {
        processes.forEach(DragnetProcess::close);
        database.close();
    }

    DragnetProcess start(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(args));
        command.addAll(List.of("--db", jdbcUrl, "--mail-root", corpus.root().toString(), "--batch-size", "20",
                "--lease-timeout", "2s"));
        DragnetProcess process = DragnetProcess.start(dir.resolve(name + ".err"), command.toArray(String[]::new));
        processes.add(process);
        return process;
    }

    /** A MOVE to Junk of every message in the corpus: one row per copy. */
    String createJob(ApiClient api) {
        ApiClient.Response created = api.post("/accounts/" + ACCOUNT + "/email-security/investigate/bulk",
                "{\"action\": \"MOVE\", \"destination\": \"JunkEmail\", \"search_params\": {\"detections_only\": false, \"start\": \""
                        + Instant.now().minus(Duration.ofDays(62)) + "\"}}", writer);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return "/accounts/" + ACCOUNT + "/email-security/investigate/bulk/" + created.result().get("job_id").asText();
    }

    /** Reads the job as a client would, checking on every read that its counters add up. */
    JsonNode sample(ApiClient api, String job) {
        JsonNode result = api.get(job, writer).result();
        assertThat(result.get("total_messages_discovered").asLong()).as(result.toString()).isEqualTo(
                result.get("messages_pending").asLong() + result.get("messages_successful").asLong()
                        + result.get("messages_failed").asLong() + result.get("messages_skipped").asLong()
                        + result.get("messages_cancelled").asLong());
        return result;
    }

    /** Every copy of the corpus is in its mailbox's .Junk under its own name, once, and no other message file is anywhere. */
    void assertEveryCopyIsInJunkOnce() throws IOException {
        Set<Path> expected = new HashSet<>();
        for (GeneratedMessage.Copy copy : corpus.copies()) {
            Path mailbox = corpus.root().relativize(corpus.maildir(copy.mailbox()));
            expected.add(mailbox.resolve(".Junk").resolve(copy.file().getParent().getFileName()).resolve(copy.file().getFileName()));
        }
        Set<Path> actual = new HashSet<>();
        try (Stream<Path> files = Files.walk(corpus.root())) {
            files.filter(Files::isRegularFile).filter(EngineProcessTest::isMessageFile)
                    .forEach(p -> assertThat(actual.add(corpus.root().relativize(p))).isTrue());
        }
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** A file in a Maildir's cur/ or new/, as opposed to Dovecot's subscriptions or a folder marker. */
    static boolean isMessageFile(Path file) {
        String parent = file.getParent().getFileName().toString();
        return parent.equals("cur") || parent.equals("new");
    }

    /** Exactly one action-log entry per copy the job moved (those already in Junk stay put): nothing was actioned twice. */
    void assertOneActionPerMovedCopy(JsonNode job) {
        long moved = corpus.copies().stream().filter(copy -> !copy.folder().equals(".Junk")).count();
        try (Database store = Database.open(database.config())) {
            List<Integer> perCopy = store.jdbi().withHandle(handle -> handle.createQuery(
                            "SELECT COUNT(*) FROM message_actions WHERE job_id = CAST(:job AS UUID) GROUP BY copy_id")
                    .bind("job", job.get("job_id").asText()).mapTo(Integer.class).list());
            assertThat(perCopy).hasSize((int) moved).containsOnly(1);
        }
    }

    static long inFlight(Database store) {
        return store.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT COUNT(*) FROM bulk_job_messages WHERE status = 'PROCESSING'").mapTo(Long.class).one());
    }

    /**
     * Waits until no other client's statement is running in the database, except those waiting
     * for a lock, which a stopped process's open transaction holds for good, and those waiting for
     * the stopped process to read their results (a claim's rows can outgrow the socket's buffer),
     * which change nothing until it does: a transaction of theirs commits only after.
     */
    static void awaitNothingRunningBut(Database store) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> store.jdbi().withHandle(
                handle -> handle.createQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                                + " AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND state = 'active'"
                                + " AND wait_event_type IS DISTINCT FROM 'Lock' AND wait_event_type IS DISTINCT FROM 'Client'")
                        .mapTo(Long.class).one()) == 0);
    }

    @Test
    void a_server_killed_mid_job_is_restarted_and_the_job_finishes_with_every_copy_moved_once() throws Exception {
        // throttled, so a worker holds each claimed batch for about 100 ms: the kill finds rows in flight
        DragnetProcess first = start("serve-1", "serve", "--port", "0", "--workers", "2", "--max-rate", "200");
        ApiClient api = new ApiClient(first.baseUrl());
        String job = createJob(api);
        long[] lastSuccessful = {0};
        try (Database store = Database.open(database.config())) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
                JsonNode now = sample(api, job);
                assertThat(now.get("messages_successful").asLong()).isGreaterThanOrEqualTo(lastSuccessful[0]);
                lastSuccessful[0] = now.get("messages_successful").asLong();
                if (lastSuccessful[0] < 300 || inFlight(store) == 0) {
                    return false;
                }
                // between that count and the kill a worker may record its batch and not yet have
                // claimed the next; stopped, and with nothing it sent still running, the server
                // can no longer change what it holds
                first.pause();
                awaitNothingRunningBut(store);
                if (inFlight(store) > 0) {
                    return true;
                }
                first.resume();
                return false;
            });
            first.kill();
            assertThat(inFlight(store)).as("rows the killed server held").isPositive();
        }

        DragnetProcess second = restartAndAwaitEveryCopyMovedOnce(job);
        assertThat(second.stderrText()).contains("stopped heartbeating");
    }

    @Test
    void a_server_killed_while_a_batch_acts_within_its_transaction_is_restarted_and_every_copy_moves_once() throws Exception {
        // unthrottled, the Maildir connector acts while the claiming transaction holds the rows
        // locked, and the kill rolls that transaction back: its copies may have moved, unrecorded
        DragnetProcess first = start("serve-1", "serve", "--port", "0", "--workers", "2");
        ApiClient api = new ApiClient(first.baseUrl());
        String job = createJob(api);
        try (Database store = Database.open(database.config())) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
                JsonNode now = sample(api, job);
                if (now.get("messages_successful").asLong() < 100 || now.get("messages_pending").asLong() == 0) {
                    return false;
                }
                first.pause();
                awaitNothingRunningBut(store);
                if (rowsLockedByAnother(store)) {
                    return true;
                }
                first.resume();
                return false;
            });
            first.kill();
            assertThat(inFlight(store)).as("locked rows are not leased").isZero();
        }

        restartAndAwaitEveryCopyMovedOnce(job);
    }

    /** Starts a server again after a kill and waits for it to finish the job: every copy in Junk once, acted on once. */
    DragnetProcess restartAndAwaitEveryCopyMovedOnce(String job) throws IOException {
        DragnetProcess second = start("serve-2", "serve", "--port", "0", "--workers", "2");
        ApiClient restarted = new ApiClient(second.baseUrl());
        JsonNode done = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> sample(restarted, job), j -> j.get("status").asText().equals("COMPLETED"));

        assertThat(done.get("messages_successful").asInt()).isEqualTo(corpus.copies().size());
        assertThat(done.get("total_messages_discovered").asInt()).isEqualTo(corpus.copies().size());
        assertEveryCopyIsInJunkOnce();
        assertOneActionPerMovedCopy(done);
        return second;
    }

    /** Whether another client's open transaction holds rows of bulk_job_messages locked ({@code FOR UPDATE}). */
    static boolean rowsLockedByAnother(Database store) {
        return store.jdbi().withHandle(handle -> handle.createQuery("""
                        SELECT COUNT(*) FROM pg_locks
                         WHERE relation = CAST('bulk_job_messages' AS regclass) AND mode = 'RowShareLock'
                           AND pid <> pg_backend_pid()""")
                .mapTo(Long.class).one()) > 0;
    }

    @Test
    void two_worker_processes_share_a_job_without_acting_on_any_copy_twice() throws Exception {
        DragnetProcess api = start("serve", "serve", "--port", "0", "--workers", "0");
        ApiClient client = new ApiClient(api.baseUrl());
        for (String name : List.of("worker-1", "worker-2")) {
            DragnetProcess worker = start(name, "worker", "--workers", "2", "--max-rate", "500");
            assertThat(worker.readLine()).startsWith("Dragnet worker running");
        }

        String job = createJob(client);
        JsonNode done = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> sample(client, job), j -> j.get("status").asText().equals("COMPLETED"));

        assertThat(done.get("messages_successful").asInt()).isEqualTo(corpus.copies().size());
        assertEveryCopyIsInJunkOnce();
        assertOneActionPerMovedCopy(done);
        try (Database store = Database.open(database.config())) {
            List<String> nodes = store.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT DISTINCT lease_node FROM bulk_job_messages").mapTo(String.class).list());
            assertThat(nodes).as("both workers took part").hasSize(2);
        }
    }
}
