package io.dragnet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.dragnet.corpus.GeneratedMessage;
import io.dragnet.job.Destination;
import io.dragnet.job.JobRepository;
import io.dragnet.mailbox.CopyOutcome;
import io.dragnet.mailbox.CopyRef;
import io.dragnet.mailbox.MailboxAction;
import io.dragnet.mailbox.MailboxConnector;
import io.dragnet.mailbox.maildir.MaildirConnector;
import io.dragnet.testing.ApiClient.Response;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.sql.SQLException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What goes wrong while jobs run: a failing disk, a throttling server, a node that dies holding
 * claims (a cancel while a batch is in flight: {@link EngineCancelContract}). Each leaves every copy in one known place and every
 * row in one known state; on both databases.
 */
abstract class EngineFailureContract extends TenantPerTest {
    EngineFailureContract() {
        super(21);
    }

    @Test
    void a_copy_on_a_failing_disk_is_retried_later_and_later_then_failed_with_the_last_error() {
        UUID job = campaignJob();
        Worker discoverer = worker("node-a", maildir(MaildirConnector.FileOps.DEFAULT), 7);
        discoverer.poll();
        JsonNode doomedRow = tenant.rows(job).get(0);
        GeneratedMessage.Copy doomed = tenant.copiesOf(List.of(doomedRow)).get(doomedRow);
        String doomedName = doomed.file().getFileName().toString();
        Worker worker = worker("node-a", maildir(new MaildirConnector.FileOps() {
            @Override
            public void move(Path from, Path to) throws IOException {
                if (from.getFileName().toString().equals(doomedName)) {
                    throw new IOException("Input/output error");
                }
                MaildirConnector.FileOps.DEFAULT.move(from, to);
            }
        }), 7);
        String rowId = doomedRow.get("message_id").asText();

        worker.drain();
        Instant first = server.clock.instant();
        JsonNode retrying = row(job, rowId);
        assertThat(retrying.get("status").asText()).isEqualTo("PENDING");
        assertThat(retrying.get("retry_count").asInt()).isEqualTo(1);
        // backoff 10 s, half of it jittered: 5 s + 5 s × 0.5
        assertThat(Instant.parse(retrying.get("retry_after").asText())).isEqualTo(first.plusMillis(7_500));
        assertThat(retrying.get("status_message").asText()).contains("Input/output error");
        JsonNode processing = tenant.job(job);
        assertThat(processing.get("status").asText()).isEqualTo("PROCESSING");
        assertThat(processing.get("messages_pending").asInt()).isEqualTo(1);
        assertCountersAddUp(processing);
        assertThat(worker.poll()).as("nothing is due before retry_after").isFalse();

        server.clock.advance(Duration.ofMillis(7_500));
        worker.drain();
        JsonNode again = row(job, rowId);
        assertThat(again.get("retry_count").asInt()).isEqualTo(2);
        // backoff doubled: 10 s + 10 s × 0.5
        assertThat(Instant.parse(again.get("retry_after").asText())).isEqualTo(server.clock.instant().plusSeconds(15));

        server.clock.advance(Duration.ofSeconds(15));
        worker.drain();
        JsonNode failed = row(job, rowId);
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("status_message").asText()).startsWith("Gave up after 3 attempts. The last error: File system error")
                .contains("Input/output error");
        JsonNode done = tenant.job(job);
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("messages_failed").asInt()).isEqualTo(1);
        assertThat(done.get("status_message").asText()).contains("1 failed");
        assertThat(tenant.files()).contains(tenant.relative(doomed.file()));
    }

    @Test
    void a_copy_that_failed_transiently_succeeds_on_its_retry() {
        UUID job = campaignJob();
        AtomicInteger failuresLeft = new AtomicInteger(2);
        Worker worker = worker("node-a", maildir(new MaildirConnector.FileOps() {
            @Override
            public void move(Path from, Path to) throws IOException {
                if (failuresLeft.getAndDecrement() > 0) {
                    throw new IOException("No space left on device");
                }
                MaildirConnector.FileOps.DEFAULT.move(from, to);
            }
        }), 7);

        worker.drain();
        assertThat(tenant.job(job).get("messages_pending").asInt()).isEqualTo(2);
        server.clock.advance(Duration.ofSeconds(10));
        worker.drain();

        JsonNode done = tenant.job(job);
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("messages_successful").asInt()).isEqualTo(done.get("total_messages_discovered").asInt());
        assertThat(tenant.rows(job)).filteredOn(r -> r.get("retry_count").asInt() == 1).hasSize(2);
    }

    @Test
    void a_connectors_retry_after_is_honoured_when_longer_than_the_backoff() {
        UUID job = campaignJob();
        MailboxConnector throttled = (mailbox, action, copies) -> copies.stream()
                .<CopyOutcome>map(c -> new CopyOutcome.RetryLater(c.id(), "Server busy (throttled)", Duration.ofMinutes(5))).toList();

        worker("node-a", throttled, 50).drain();

        Instant expected = server.clock.instant().plus(Duration.ofMinutes(5));
        assertThat(tenant.rows(job)).allSatisfy(row -> {
            assertThat(row.get("status").asText()).isEqualTo("PENDING");
            assertThat(Instant.parse(row.get("retry_after").asText())).isEqualTo(expected);
        });
    }

    @Test
    void the_claims_of_a_node_that_stopped_heartbeating_are_finished_by_another_and_nothing_is_done_twice() {
        UUID job = campaignJob();
        MaildirConnector files = maildir(MaildirConnector.FileOps.DEFAULT);
        Worker live = worker("node-live", files, 5);
        assertThat(live.poll()).as("discovery").isTrue();

        // node-dead claims a batch and moves part of it, then dies before recording anything
        NodeRegistry deadNode = new NodeRegistry(server.dragnet.database(), "node-dead", "host-a");
        deadNode.heartbeat(server.clock.instant());
        Claim claim = new RowClaims(server.dragnet.database(), "node-dead").claim("dead-token", server.clock.instant(), 4).orElseThrow();
        int held = claim.rows().size();
        assertThat(held).as("a mailbox's rows, up to 4").isBetween(2, 4);
        List<CopyRef> partly = claim.rows().subList(0, 2).stream()
                .map(r -> new CopyRef(r.id().toString(), r.folder(), r.location(), r.messageId())).toList();
        files.act(claim.mailbox(), new MailboxAction.Move(Destination.JUNK_EMAIL), partly);

        live.drain();
        JsonNode waiting = tenant.job(job);
        assertThat(waiting.get("messages_pending").asInt()).as("the dead node's rows wait for its lease").isEqualTo(held);

        server.clock.advance(Duration.ofSeconds(61));
        NodeRegistry liveNode = new NodeRegistry(server.dragnet.database(), "node-live", "host-b");
        liveNode.heartbeat(server.clock.instant());
        assertThat(liveNode.reclaim(server.clock.instant(), Duration.ofSeconds(60))).isEqualTo(held);
        live.drain();

        JsonNode done = tenant.job(job);
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("messages_successful").asInt()).isEqualTo(done.get("total_messages_discovered").asInt());
        Map<String, Integer> actionsPerCopy = new HashMap<>();
        server.dragnet.database().jdbi().useHandle(handle -> handle.createQuery(
                        "SELECT copy_id, COUNT(*) AS n FROM message_actions WHERE job_id = :job GROUP BY copy_id")
                .bind("job", job)
                .map((rs, ctx) -> actionsPerCopy.put(rs.getString("copy_id"), rs.getInt("n"))).list());
        assertThat(actionsPerCopy).hasSize(done.get("total_messages_discovered").asInt());
        assertThat(actionsPerCopy.values()).containsOnly(1);

        // the dead node wakes up and reports late: its lease is gone, so nothing is counted twice
        Map<UUID, CopyOutcome> late = new HashMap<>();
        claim.rows().forEach(r -> late.put(r.id(), new CopyOutcome.Done(r.id().toString(), ".Junk")));
        new OutcomeRecorder(server.dragnet.database(), THREE_ATTEMPTS, () -> 0.5).record(claim, late, server.clock.instant());
        JsonNode after = tenant.job(job);
        assertThat(after.get("messages_successful").asInt()).isEqualTo(done.get("messages_successful").asInt());
        assertCountersAddUp(after);
    }

    @Test
    void a_claim_no_worker_of_a_live_node_holds_any_more_is_handed_back_after_the_lease_timeout() {
        UUID job = campaignJob();
        Worker live = worker("node-a", maildir(MaildirConnector.FileOps.DEFAULT), 5);
        assertThat(live.poll()).as("discovery").isTrue();
        // the oldest processing job's rows, which may be another test's: claims are not made per job
        int held = new RowClaims(server.dragnet.database(), "node-a").claim("lost-token", server.clock.instant(), 4)
                .orElseThrow().rows().size();
        NodeRegistry node = new NodeRegistry(server.dragnet.database(), "node-a", "host-a");

        assertThat(node.reclaimOrphans(server.clock.instant().plusSeconds(61), Duration.ofSeconds(60), Set.of("lost-token")))
                .as("a worker still holds it").isZero();
        assertThat(node.reclaimOrphans(server.clock.instant().plusSeconds(30), Duration.ofSeconds(60), Set.of()))
                .as("younger than the lease timeout").isZero();
        assertThat(node.reclaimOrphans(server.clock.instant().plusSeconds(61), Duration.ofSeconds(60), Set.of())).isEqualTo(held);

        live.drain();
        JsonNode done = tenant.job(job);
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("messages_successful").asInt()).isEqualTo(done.get("total_messages_discovered").asInt());
    }

    @Test
    void housekeeping_with_nothing_to_hand_back_does_not_wait_for_the_job_row_the_workers_lock() throws Exception {
        UUID job = campaignJob();
        Worker live = worker("node-a", maildir(MaildirConnector.FileOps.DEFAULT), 5);
        assertThat(live.poll()).as("discovery").isTrue();
        int held = new RowClaims(server.dragnet.database(), "node-a").claim("held-token", server.clock.instant(), 4)
                .orElseThrow().rows().size();
        NodeRegistry node = new NodeRegistry(server.dragnet.database(), "node-a", "host-a");

        try (Handle recording = server.dragnet.database().jdbi().open()) {
            // a worker recording its batch holds the job row until it commits
            recording.begin();
            recording.createQuery("SELECT status FROM bulk_jobs WHERE id = :job FOR UPDATE").bind("job", job).mapTo(String.class).one();

            CompletableFuture<Integer> heartbeat = CompletableFuture.supplyAsync(
                    () -> node.reclaimOrphans(server.clock.instant().plusSeconds(61), Duration.ofSeconds(60), Set.of("held-token")));
            assertThat(heartbeat).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(0);
            recording.rollback();
        }
        // the claim's worker is gone after all: its rows come back and the job ends
        assertThat(node.reclaimOrphans(server.clock.instant().plusSeconds(61), Duration.ofSeconds(60), Set.of())).isEqualTo(held);
        live.drain();
        assertThat(tenant.job(job).get("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void a_discovery_that_could_not_even_be_marked_failed_is_handed_back_and_run_again() {
        UUID job = campaignJob();
        // what a worker leaves when discovery fails and the store refuses to record the failure too
        server.dragnet.database().jdbi().useHandle(handle -> handle.createUpdate("""
                        UPDATE bulk_jobs SET status = 'DISCOVERING', discovery_node = 'node-a', started_at = :now WHERE id = :id""")
                .bind("now", server.clock.instant()).bind("id", job).execute());
        Worker live = worker("node-a", maildir(MaildirConnector.FileOps.DEFAULT), 50);
        assertThat(live.poll()).as("nothing to claim while the job is in discovery").isFalse();
        NodeRegistry node = new NodeRegistry(server.dragnet.database(), "node-a", "host-a");

        assertThat(node.reclaimOrphans(server.clock.instant().plusSeconds(61), Duration.ofSeconds(60), Set.of(job.toString())))
                .as("a worker is still discovering it").isZero();
        assertThat(node.reclaimOrphans(server.clock.instant().plusSeconds(30), Duration.ofSeconds(60), Set.of()))
                .as("younger than the lease timeout").isZero();
        assertThat(node.reclaimOrphans(server.clock.instant().plusSeconds(61), Duration.ofSeconds(60), Set.of())).isEqualTo(1);
        assertThat(tenant.job(job).get("status").asText()).isEqualTo("PENDING");

        live.drain();
        JsonNode done = tenant.job(job);
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("messages_successful").asInt()).isEqualTo(done.get("total_messages_discovered").asInt()).isPositive();
    }

    @Test
    void a_worker_that_loses_the_race_for_a_discovery_leaves_the_winners_hold_alone() {
        UUID job = campaignJob();
        Set<String> inFlight = new HashSet<>();
        JobRepository jobs = new JobRepository(server.dragnet.database());
        // the winner, another worker of node-a, has claimed the job and is writing its rows
        inFlight.add(job.toString());
        server.dragnet.database().jdbi().useHandle(handle -> handle.createUpdate("""
                        UPDATE bulk_jobs SET status = 'DISCOVERING', discovery_node = 'node-a', started_at = :now WHERE id = :id""")
                .bind("now", server.clock.instant()).bind("id", job).execute());

        Discovery loser = new Discovery(server.dragnet.database(), jobs, "node-a", inFlight);
        assertThat(loser.discover(tenant.account, job, server.clock.instant())).isInstanceOf(Discovery.Result.NotPending.class);

        assertThat(inFlight).containsExactly(job.toString());
        NodeRegistry node = new NodeRegistry(server.dragnet.database(), "node-a", "host-a");
        assertThat(node.reclaimOrphans(server.clock.instant().plusSeconds(61), Duration.ofSeconds(60), inFlight))
                .as("the winner's discovery is not handed back while it runs").isZero();
        assertThat(tenant.job(job).get("status").asText()).isEqualTo("DISCOVERING");

        // the winner's worker stops without a word: its discovery is handed back and done again
        inFlight.remove(job.toString());
        assertThat(node.reclaimOrphans(server.clock.instant().plusSeconds(61), Duration.ofSeconds(60), inFlight)).isEqualTo(1);
        worker("node-a", maildir(MaildirConnector.FileOps.DEFAULT), 50).drain();
        assertThat(tenant.job(job).get("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void a_job_whose_stored_search_does_not_read_is_still_shown_and_fails_at_discovery_instead_of_blocking_the_queue() {
        UUID broken = storedJob("{\"start\": ");
        // what a later version might write: a search field this one does not know, which it must not ignore
        UUID newer = campaignJob();
        server.dragnet.database().jdbi().useHandle(handle -> handle.createUpdate(
                        "UPDATE bulk_jobs SET search_params = REPLACE(search_params, '{', '{\"sender_in_the_future\": true, ') WHERE id = :id")
                .bind("id", newer).execute());
        UUID next = campaignJob();

        worker("node-a", maildir(MaildirConnector.FileOps.DEFAULT), 50).drain();

        for (UUID unreadable : List.of(broken, newer)) {
            JsonNode failed = tenant.job(unreadable);
            assertThat(failed.get("status").asText()).isEqualTo("FAILED");
            assertThat(failed.get("status_message").asText())
                    .startsWith("Finding the messages failed: its stored search parameters do not read");
            assertThat(failed.get("total_messages_discovered").asInt()).isZero();
        }
        assertThat(tenant.job(broken).get("search_params").isEmpty()).isTrue();
        assertThat(tenant.job(broken).get("status_message").asText()).contains("(not JSON: ");
        assertThat(tenant.job(newer).get("status_message").asText())
                .contains("(a field this version does not know: sender_in_the_future)");
        assertThat(tenant.job(next).get("status").asText()).isEqualTo("COMPLETED");
        // the account's list still reads, with them in it
        Response list = server.api.get(tenant.bulk() + "?per_page=100", tenant.writer);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.result().findValuesAsText("job_id")).contains(broken.toString(), newer.toString(), next.toString());
    }

    /** A job as the store may hold it, whatever its search parameters. */
    private UUID storedJob(String searchParams) {
        UUID id = UUID.randomUUID();
        server.dragnet.database().jdbi().useHandle(handle -> handle.createUpdate("""
                        INSERT INTO bulk_jobs (id, account_id, action_type, destination, search_params, status, created_at)
                        VALUES (:id, :account, 'MOVE', 'JUNK_EMAIL', :search, 'PENDING', :now)""")
                .bind("id", id).bind("account", tenant.account).bind("search", searchParams).bind("now", server.clock.instant())
                .execute());
        return id;
    }

    @ParameterizedTest(name = "acting within the claim's transaction: {0}")
    @ValueSource(booleans = {false, true})
    void a_batch_whose_outcome_can_never_be_recorded_is_given_up_after_a_few_attempts_instead_of_claimed_for_ever(
            boolean withinTransaction) {
        UUID job = campaignJob();
        // a connector that reports a place longer than the index's column: recording it fails every time
        AtomicInteger acted = new AtomicInteger();
        MailboxConnector unrecordable = new MailboxConnector() {
            @Override
            public List<CopyOutcome> act(String mailbox, MailboxAction action, List<CopyRef> copies) {
                acted.incrementAndGet();
                return copies.stream().<CopyOutcome>map(c -> new CopyOutcome.Done(c.id(), ".Junk", "x".repeat(2_000))).toList();
            }

            @Override
            public Optional<Duration> longestAct() {
                return withinTransaction ? Optional.of(Duration.ofSeconds(10)) : Optional.empty();
            }
        };
        Worker worker = worker("node-a", unrecordable, 1_000);
        int failedSteps = 0;
        boolean idle = false;
        for (int step = 0; step < 100 && !idle; step++) {
            try {
                idle = !worker.poll();
            } catch (RuntimeException e) {
                failedSteps++;
            }
        }

        assertThat(idle).as("the worker ran out of work").isTrue();
        JsonNode done = tenant.job(job);
        assertThat(done.get("messages_failed").asInt()).isEqualTo(done.get("total_messages_discovered").asInt());
        assertCountersAddUp(done);
        int mailboxes = acted.get() / Worker.GIVE_UP_AFTER_UNRECORDED;
        assertThat(mailboxes).as("mailboxes of the campaign").isGreaterThan(1);
        assertThat(acted.get()).as("each mailbox's batch acted on so many times").isEqualTo(mailboxes * Worker.GIVE_UP_AFTER_UNRECORDED);
        assertThat(failedSteps).isEqualTo(acted.get());
        assertThat(tenant.rows(job)).allSatisfy(row -> {
            assertThat(row.get("status").asText()).isEqualTo("FAILED");
            assertThat(row.get("status_message").asText())
                    .startsWith("Gave up after 3 attempts whose outcome was never recorded; the copy may or may not have been moved.")
                    .contains("The last error: The outcome could not be recorded:")
                    .containsIgnoringCase("value too long")
                    .doesNotContain("UPDATE");
        });
    }

    @Test
    void a_record_that_failed_for_a_reason_worth_another_try_does_not_bring_its_rows_closer_to_being_given_up() {
        UUID job = campaignJob();
        assertThat(worker("node-a", maildir(MaildirConnector.FileOps.DEFAULT), 3).poll()).as("discovery").isTrue();
        RowClaims claims = new RowClaims(server.dragnet.database(), "node-a");

        Claim deadlocked = claims.claim("token-1", server.clock.instant(), 3).orElseThrow();
        claims.unrecorded(deadlocked, new RuntimeException(new SQLException("deadlock detected", "40P01")));
        Claim refused = claims.claim("token-2", server.clock.instant(), 3).orElseThrow();

        assertThat(refused.rows()).extracting(Claim.Row::id).isEqualTo(deadlocked.rows().stream().map(Claim.Row::id).toList());
        assertThat(refused.rows()).allSatisfy(row -> assertThat(row.unrecordedClaims()).isZero());
        claims.unrecorded(refused, new RuntimeException(new SQLException("value too long", "22001")));
        Claim third = claims.claim("token-3", server.clock.instant(), 3).orElseThrow();
        assertThat(third.rows()).allSatisfy(row -> {
            assertThat(row.unrecordedClaims()).isEqualTo(1);
            assertThat(row.note()).isEqualTo("The outcome could not be recorded: value too long (SQLSTATE 22001)");
        });
        claims.release(third);
        worker("node-a", maildir(MaildirConnector.FileOps.DEFAULT), 50).drain();
        assertThat(tenant.job(job).get("status").asText()).isEqualTo("COMPLETED");
    }
}
