package io.dragnet.store;

import io.dragnet.testing.MutableClock;
import io.dragnet.testing.SchemaIndexes;
import io.dragnet.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Indexes dropped for a bulk load come back as the migrations made them: when the load ends, or
 * at the next start after it died, but not at a start while it still runs.
 */
abstract class DeferredIndexesContract {
    /**
     * Two B-trees, one of them on four columns, a unique one, and (on PostgreSQL only) a trigram
     * index with its storage parameter.
     */
    private static final List<String> DEFERRED = List.of("messages_sender_from", "message_recipients_address",
            "message_copies_copy_key", "messages_search_text_trgm");
    /** The clock of a load that died long enough ago for its hold to have lapsed. */
    private static final Clock LONG_AGO = Clock.fixed(Instant.now().minus(DeferredIndexes.HELD.multipliedBy(2)), ZoneOffset.UTC);

    abstract Vendor vendor();

    @Test
    void closing_the_deferral_builds_the_indexes_it_dropped_as_they_were() {
        try (TestDatabase test = TestDatabase.of(vendor()); Database database = Database.open(test.config())) {
            Map<String, String> before = SchemaIndexes.of(database);
            List<String> present = DEFERRED.stream().filter(before::containsKey).toList();
            assertThat(present).contains("messages_sender_from", "message_recipients_address", "message_copies_copy_key");
            assertThat(before.get("message_copies_copy_key")).containsIgnoringCase("unique");

            DeferredIndexes deferred = database.deferIndexes(DEFERRED, Clock.systemUTC());
            assertThat(SchemaIndexes.of(database)).doesNotContainKeys(present.toArray(String[]::new));
            assertThat(kept(database)).isEqualTo(present.size());
            deferred.close();

            assertThat(SchemaIndexes.of(database)).isEqualTo(before);
            assertThat(kept(database)).isZero();
        }
    }

    @Test
    void indexes_a_load_that_died_had_dropped_are_built_at_the_next_start() {
        try (TestDatabase test = TestDatabase.of(vendor())) {
            Map<String, String> before;
            try (Database database = Database.open(test.config())) {
                before = SchemaIndexes.of(database);
                database.deferIndexes(DEFERRED, LONG_AGO); // never closed nor renewed: the process died mid-import
                assertThat(SchemaIndexes.of(database)).doesNotContainKeys("messages_sender_from");
            }
            try (Database restarted = Database.open(test.config())) {
                assertThat(SchemaIndexes.of(restarted)).isEqualTo(before);
                assertThat(kept(restarted)).isZero();
            }
        }
    }

    @Test
    void a_start_while_the_load_runs_leaves_its_indexes_to_it() {
        try (TestDatabase test = TestDatabase.of(vendor()); Database importing = Database.open(test.config())) {
            Map<String, String> before = SchemaIndexes.of(importing);
            DeferredIndexes deferred = importing.deferIndexes(DEFERRED, Clock.systemUTC());
            try (Database serve = Database.open(test.config())) {
                assertThat(SchemaIndexes.of(serve)).doesNotContainKeys("messages_sender_from", "message_recipients_address");
            }
            deferred.close();
            assertThat(SchemaIndexes.of(importing)).isEqualTo(before);
        }
    }

    @Test
    void while_a_load_holds_the_indexes_no_other_load_takes_them_and_no_writer_that_needs_them_runs() {
        try (TestDatabase test = TestDatabase.of(vendor()); Database database = Database.open(test.config())) {
            Map<String, String> before = SchemaIndexes.of(database);
            DeferredIndexes first = database.deferIndexes(DEFERRED, Clock.systemUTC());
            int held = kept(database);

            assertThatThrownBy(() -> database.deferIndexes(DEFERRED, Clock.systemUTC()))
                    .isInstanceOf(LoadInProgressException.class).hasMessageContaining("message_copies_copy_key");
            assertThatThrownBy(() -> database.requireIndexes(List.of("message_copies_copy_key"), Clock.systemUTC()))
                    .isInstanceOf(LoadInProgressException.class).hasMessageContaining("message_copies_copy_key");
            database.requireIndexes(List.of("messages_account_alert"), Clock.systemUTC()); // not the load's: no refusal
            assertThat(kept(database)).isEqualTo(held);

            first.close();
            assertThat(SchemaIndexes.of(database)).isEqualTo(before);
            database.requireIndexes(List.of("message_copies_copy_key"), Clock.systemUTC());
            database.deferIndexes(DEFERRED, Clock.systemUTC()).close(); // the next load may
            assertThat(SchemaIndexes.of(database)).isEqualTo(before);
        }
    }

    @Test
    void of_two_loads_starting_at_once_one_holds_the_indexes_and_the_other_is_refused() throws Exception {
        try (TestDatabase test = TestDatabase.of(vendor()); Database database = Database.open(test.config())) {
            Map<String, String> before = SchemaIndexes.of(database);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 5; round++) {
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<DeferredIndexes>> loads = new ArrayList<>();
                    for (int i = 0; i < 2; i++) {
                        loads.add(pool.submit(() -> {
                            start.await();
                            return database.deferIndexes(DEFERRED, Clock.systemUTC());
                        }));
                    }
                    start.countDown();
                    List<DeferredIndexes> holding = new ArrayList<>();
                    for (Future<DeferredIndexes> load : loads) {
                        try {
                            holding.add(load.get(30, TimeUnit.SECONDS));
                        } catch (ExecutionException refused) {
                            assertThat(refused.getCause()).isInstanceOf(LoadInProgressException.class);
                        }
                    }
                    assertThat(holding).as("round %d", round).hasSize(1);
                    holding.get(0).close();
                    assertThat(SchemaIndexes.of(database)).isEqualTo(before);
                    assertThat(kept(database)).isZero();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void a_load_that_died_holds_its_indexes_from_nobody_once_its_hold_has_lapsed() {
        try (TestDatabase test = TestDatabase.of(vendor()); Database database = Database.open(test.config())) {
            database.deferIndexes(DEFERRED, LONG_AGO);
            database.requireIndexes(List.of("message_copies_copy_key"), Clock.systemUTC());
            database.deferIndexes(DEFERRED, Clock.systemUTC()).close(); // builds what the dead one left, too
            assertThat(SchemaIndexes.of(database)).containsKeys("message_copies_copy_key", "messages_sender_from");
            assertThat(kept(database)).isZero();
        }
    }

    @Test
    void a_load_may_have_some_of_its_indexes_built_early_and_the_rest_when_it_ends() {
        try (TestDatabase test = TestDatabase.of(vendor()); Database database = Database.open(test.config())) {
            Map<String, String> before = SchemaIndexes.of(database);
            DeferredIndexes deferred = database.deferIndexes(DEFERRED, Clock.systemUTC());
            int held = kept(database);

            deferred.buildNow(List.of("message_copies_copy_key", "messages_account_alert")); // the second is not the load's
            Map<String, String> early = SchemaIndexes.of(database);
            assertThat(early).containsEntry("message_copies_copy_key", before.get("message_copies_copy_key"))
                    .doesNotContainKeys("messages_sender_from", "message_recipients_address");
            assertThat(kept(database)).isEqualTo(held - 1);
            database.requireIndexes(List.of("message_copies_copy_key"), Clock.systemUTC());

            deferred.close();
            assertThat(SchemaIndexes.of(database)).isEqualTo(before);
            assertThat(kept(database)).isZero();
        }
    }

    @Test
    void a_load_that_renews_its_hold_keeps_it_past_the_first_term() {
        try (TestDatabase test = TestDatabase.of(vendor()); Database database = Database.open(test.config())) {
            Instant started = Instant.now();
            MutableClock clock = new MutableClock(started);
            DeferredIndexes deferred = database.deferIndexes(DEFERRED, clock);
            clock.advance(DeferredIndexes.HELD.minusMinutes(1));
            deferred.renew();

            Instant pastTheFirstTerm = started.plus(DeferredIndexes.HELD).plusSeconds(30);
            DeferredIndexes.build(database.jdbi(), database.dialect(), database.maxConnections(), pastTheFirstTerm, List.of());
            assertThat(SchemaIndexes.of(database)).doesNotContainKeys("messages_sender_from");

            DeferredIndexes.build(database.jdbi(), database.dialect(), database.maxConnections(), clock.instant().plus(DeferredIndexes.HELD), List.of());
            assertThat(SchemaIndexes.of(database)).containsKeys("messages_sender_from", "message_recipients_address");
            assertThat(kept(database)).isZero();
        }
    }

    @Test
    void nodes_starting_at_once_build_each_index_once_and_all_start() throws Exception {
        try (TestDatabase test = TestDatabase.of(vendor()); Database database = Database.open(test.config())) {
            Map<String, String> before = SchemaIndexes.of(database);
            database.deferIndexes(DEFERRED, LONG_AGO); // left for the next start, as by a load that died
            int nodes = 4;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(nodes);
            try {
                List<Future<?>> starts = new ArrayList<>();
                for (int i = 0; i < nodes; i++) {
                    starts.add(pool.submit(() -> {
                        start.await();
                        DeferredIndexes.build(database.jdbi(), database.dialect(), database.maxConnections(), Instant.now(), List.of());
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> node : starts) {
                    node.get(30, TimeUnit.SECONDS); // a builder that lost a race would throw here
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(SchemaIndexes.of(database)).isEqualTo(before);
            assertThat(kept(database)).isZero();
        }
    }

    @Test
    void a_definition_that_cannot_be_built_is_kept_and_named_while_the_others_are_built() {
        try (TestDatabase test = TestDatabase.of(vendor()); Database database = Database.open(test.config())) {
            Map<String, String> before = SchemaIndexes.of(database);
            DeferredIndexes deferred = database.deferIndexes(DEFERRED, Clock.systemUTC());
            // the first by name: builders that stopped at a failure would leave the others unbuilt
            database.jdbi().useHandle(h -> h.execute("UPDATE deferred_indexes SET definition = "
                    + "'CREATE INDEX message_recipients_address ON no_such_table (address)' WHERE name = 'message_recipients_address'"));

            assertThatThrownBy(deferred::close).hasMessageContaining("message_recipients_address");

            Map<String, String> after = SchemaIndexes.of(database);
            assertThat(after).doesNotContainKey("message_recipients_address");
            before.remove("message_recipients_address");
            assertThat(after).isEqualTo(before);
            List<String> kept = database.jdbi().withHandle(h -> h.createQuery("SELECT name FROM deferred_indexes").mapTo(String.class).list());
            assertThat(kept).containsExactly("message_recipients_address");
        }
    }

    /**
     * The builds share the store's pool: with two connections, the fewest a store opens with
     * (Flyway takes two), they are all built. (That a waiting lane leaves the other its
     * connection is shown on PostgreSQL, the database that builds on two.)
     */
    @Test
    void a_store_with_the_smallest_pool_builds_them_too() {
        try (TestDatabase test = TestDatabase.of(vendor())) {
            DatabaseConfig config = test.config();
            DatabaseConfig smallest = new DatabaseConfig(config.jdbcUrl(), config.username(), config.password(), 2);
            try (Database database = Database.open(smallest)) {
                Map<String, String> before = SchemaIndexes.of(database);
                database.deferIndexes(DEFERRED, Clock.systemUTC()).close();
                assertThat(SchemaIndexes.of(database)).isEqualTo(before);
                assertThat(kept(database)).isZero();
            }
        }
    }

    private static int kept(Database database) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM deferred_indexes").mapTo(Integer.class).one());
    }
}
