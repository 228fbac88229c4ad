package io.dragnet.store;

import io.dragnet.auth.AccountStore;
import io.dragnet.auth.ApiToken;
import io.dragnet.auth.Permission;
import io.dragnet.auth.TokenStore;
import io.dragnet.auth.UserStore;
import io.dragnet.job.ActionParams;
import io.dragnet.job.BulkJob;
import io.dragnet.job.Counters;
import io.dragnet.job.Destination;
import io.dragnet.job.JobChange;
import io.dragnet.job.JobFilter;
import io.dragnet.job.JobRepository;
import io.dragnet.job.JobStatus;
import io.dragnet.job.StoredSearch;
import io.dragnet.search.DeliveryStatus;
import io.dragnet.search.DispositionLabel;
import io.dragnet.search.MessageAction;
import io.dragnet.search.SearchParams;
import io.dragnet.testing.JobRows;
import io.dragnet.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store's behaviour, identical on both databases: one subclass per vendor. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreContract {
    static final Instant NOW = Instant.parse("2026-11-23T18:11:19.117Z");
    TestDatabase testDatabase;
    Database database;
    JobRepository jobs;

    abstract Vendor vendor();

    @BeforeAll
    void open() {
        testDatabase = TestDatabase.of(vendor());
        database = Database.open(testDatabase.config());
        jobs = new JobRepository(database);
        new AccountStore(database).create("acme", "Acme", NOW);
        new AccountStore(database).create("globex", "Globex", NOW);
    }

    @AfterAll
    void close() {
        if (database != null) {
            database.close();
        }
        if (testDatabase != null) {
            testDatabase.close();
        }
    }

    static BulkJob job(String account, ActionParams action, Instant createdAt) {
        SearchParams search = new SearchParams(createdAt.minus(Duration.ofDays(30)), createdAt, "ceo@evil.example", null,
                null, "wire", null, null, "<a@b>", null, DispositionLabel.MALICIOUS_BEC, true, DeliveryStatus.MOVE_FAILED,
                MessageAction.MOVED, "192.0.2.1", null, false, false);
        return new BulkJob(UUID.randomUUID(), account, action, new StoredSearch.Readable(search), JobStatus.PENDING, Counters.ZERO, createdAt,
                null, null, "note", null, "soc-automation");
    }

    @Test
    void ids_the_database_makes_are_uuid_version_7_stamped_with_the_time_they_were_made() {
        long before = System.currentTimeMillis();
        List<UUID> ids = database.jdbi().withHandle(handle -> handle.createQuery("SELECT " + database.dialect().newTimeOrderedUuid()
                        + " FROM (VALUES (1), (2), (3), (4), (5), (6), (7), (8)) AS n (v)")
                .mapTo(UUID.class).list());
        long after = System.currentTimeMillis();
        assertThat(ids).hasSize(8).doesNotHaveDuplicates().allSatisfy(id -> {
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(id.getMostSignificantBits() >>> 16).as("milliseconds since the epoch").isBetween(before, after);
        });
    }

    @Test
    void migrating_again_is_a_no_op_and_keeps_data() {
        BulkJob job = job("acme", new ActionParams.Release(), NOW);
        jobs.insert(job);
        try (Database reopened = Database.open(testDatabase.config())) {
            assertThat(new JobRepository(reopened).find("acme", job.id())).contains(job);
        }
    }

    @Test
    void a_job_reads_back_exactly_as_written() {
        BulkJob job = job("acme", new ActionParams.Move(Destination.RECOVERABLE_ITEMS_DELETIONS, DispositionLabel.SPOOF), NOW);
        jobs.insert(job);
        assertThat(jobs.find("acme", job.id())).contains(job);
    }

    @Test
    void every_lookup_is_scoped_by_account() {
        BulkJob job = job("acme", new ActionParams.Release(), NOW);
        jobs.insert(job);
        assertThat(jobs.find("globex", job.id())).isEmpty();
        assertThat(jobs.list("globex", JobFilter.ANY, new PageRequest(1, 1000))).extracting(BulkJob::id).doesNotContain(job.id());
        assertThat(jobs.cancel("globex", job.id(), NOW)).isInstanceOf(JobChange.NotFound.class);
        assertThat(jobs.delete("globex", job.id())).isInstanceOf(JobChange.NotFound.class);
        assertThat(jobs.find("acme", job.id()).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void lists_newest_first_even_within_one_millisecond() {
        String account = "globex";
        List<UUID> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            BulkJob job = job(account, new ActionParams.Release(), NOW); // same created_at for all
            jobs.insert(job);
            ids.add(0, job.id());
        }
        List<UUID> listed = jobs.list(account, new JobFilter(null, JobStatus.PENDING), new PageRequest(1, 1000))
                .stream().map(BulkJob::id).filter(ids::contains).toList();
        assertThat(listed).containsExactlyElementsOf(ids);
        assertThat(jobs.list(account, JobFilter.ANY, new PageRequest(Integer.MAX_VALUE, 1000))).isEmpty();
    }

    @Test
    void cancel_moves_pending_rows_to_cancelled_in_one_step() {
        BulkJob job = job("acme", new ActionParams.Release(), NOW);
        jobs.insert(job);
        List<UUID> rows = JobRows.addPending(database, job.id(), 5, NOW);
        JobRows.complete(database, job.id(), rows.get(2), NOW);

        JobChange change = jobs.cancel("acme", job.id(), NOW.plusSeconds(5));
        BulkJob cancelled = ((JobChange.Done) change).job();
        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.completedAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(cancelled.counters()).isEqualTo(new Counters(5, 0, 1, 0, 0, 4));
        assertThat(jobs.cancel("acme", job.id(), NOW)).isInstanceOf(JobChange.NotAllowed.class);
    }

    @Test
    void the_database_refuses_counters_that_do_not_add_up() {
        BulkJob job = job("acme", new ActionParams.Release(), NOW);
        jobs.insert(job);
        assertThatThrownBy(() -> database.jdbi().useHandle(h -> h.createUpdate(
                        "UPDATE bulk_jobs SET messages_pending = 1 WHERE id = :id").bind("id", job.id()).execute()))
                .hasStackTraceContaining(vendor() == Vendor.H2 ? "BULK_JOBS_COUNTERS_ADD_UP" : "bulk_jobs_counters_add_up");
        assertThat(jobs.find("acme", job.id()).orElseThrow().counters()).isEqualTo(Counters.ZERO);
    }

    @Test
    void only_terminal_jobs_are_deleted_and_their_rows_go_with_them() {
        BulkJob job = job("acme", new ActionParams.Release(), NOW);
        jobs.insert(job);
        JobRows.addPending(database, job.id(), 3, NOW);
        assertThat(jobs.delete("acme", job.id())).isInstanceOf(JobChange.NotAllowed.class);
        jobs.cancel("acme", job.id(), NOW);
        assertThat(jobs.delete("acme", job.id())).isInstanceOf(JobChange.Done.class);
        assertThat(jobs.find("acme", job.id())).isEmpty();
        int rows = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM bulk_job_messages WHERE job_id = :id")
                .bind("id", job.id()).mapTo(Integer.class).one());
        assertThat(rows).isZero();
    }

    @Test
    void tokens_are_stored_only_as_hashes_and_stop_working_when_revoked_or_expired() {
        TokenStore tokens = new TokenStore(database);
        ApiToken.Issued issued = tokens.create("ci", Permission.READ, List.of("acme", "globex"), NOW.plus(Duration.ofDays(1)), NOW);

        String stored = database.jdbi().withHandle(h -> h.createQuery("SELECT secret_hash FROM api_tokens WHERE id = :id")
                .bind("id", issued.token().id()).mapTo(String.class).one());
        assertThat(stored).hasSize(64).doesNotContain(issued.secret()).isNotEqualTo(issued.secret());

        ApiToken found = tokens.findBySecret(issued.secret()).orElseThrow();
        assertThat(found.accountIds()).containsExactly("acme", "globex");
        assertThat(found.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MICROS));
        assertThat(found.isActive(NOW)).isTrue();
        assertThat(found.isActive(NOW.plus(Duration.ofDays(1)))).isFalse();

        assertThat(tokens.revoke(issued.token().id(), NOW)).isTrue();
        assertThat(tokens.revoke(issued.token().id(), NOW)).isFalse();
        assertThat(tokens.findBySecret(issued.secret()).orElseThrow().isActive(NOW)).isFalse();
        assertThat(tokens.findBySecret(issued.secret() + "x")).isEmpty();
    }

    @Test
    void a_token_for_a_missing_account_is_refused_and_nothing_is_written() {
        TokenStore tokens = new TokenStore(database);
        int before = tokens.list().size();
        assertThatThrownBy(() -> tokens.create("x", Permission.WRITE, List.of("acme", "no-such"), null, NOW))
                .hasMessageContaining("no-such");
        assertThat(tokens.list()).hasSize(before);
    }

    @Test
    void global_keys_are_hashed_checked_by_email_and_rotated_on_re_creation() {
        UserStore users = new UserStore(database);
        String first = users.create("Ana@Example.com", List.of("acme"), NOW).globalKey();
        assertThat(first).matches("[0-9a-f]{37}");
        assertThat(users.authenticate("ana@example.com", first)).isPresent();
        String second = users.create("ana@example.com", List.of("globex"), NOW).globalKey();
        assertThat(users.authenticate("ana@example.com", first)).isEmpty();
        assertThat(users.authenticate("ANA@example.com", second).orElseThrow().accountIds()).containsExactly("acme", "globex");
        String stored = database.jdbi().withHandle(h -> h.createQuery("SELECT key_hash FROM users WHERE email = 'ana@example.com'")
                .mapTo(String.class).one());
        assertThat(stored).isNotEqualTo(second).hasSize(64);
    }

    @Test
    void account_ids_are_unique() {
        assertThatThrownBy(() -> new AccountStore(database).create("acme", "Again", NOW)).hasMessageContaining("already exists");
    }
}
