package io.dragnet.store;

import io.dragnet.testing.SchemaIndexes;
import io.dragnet.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Indexes dropped for a bulk load on H2 come back as the migrations made them, even after the load died. */
class DeferredIndexesTest {
    private static final List<String> DEFERRED = List.of("messages_sender_from", "message_recipients_address");

    @Test
    void closing_the_deferral_builds_the_indexes_it_dropped_as_they_were() {
        try (TestDatabase test = TestDatabase.of(Vendor.H2); Database database = Database.open(test.config())) {
            Map<String, List<String>> before = indexes(database);
            assertThat(before).containsKeys("MESSAGES_SENDER_FROM", "MESSAGE_RECIPIENTS_ADDRESS");

            DeferredIndexes deferred = database.deferIndexes(DEFERRED);
            assertThat(indexes(database)).doesNotContainKeys("MESSAGES_SENDER_FROM", "MESSAGE_RECIPIENTS_ADDRESS");
            deferred.close();

            assertThat(indexes(database)).isEqualTo(before);
            assertThat(kept(database)).isZero();
        }
    }

    @Test
    void indexes_a_load_that_died_had_dropped_are_built_at_the_next_start() {
        try (TestDatabase test = TestDatabase.of(Vendor.H2)) {
            Map<String, List<String>> before;
            try (Database database = Database.open(test.config())) {
                before = indexes(database);
                database.deferIndexes(DEFERRED); // never closed: the process died mid-import
                assertThat(kept(database)).isEqualTo(2);
            }
            try (Database restarted = Database.open(test.config())) {
                assertThat(indexes(restarted)).isEqualTo(before);
                assertThat(kept(restarted)).isZero();
            }
        }
    }

    @Test
    void postgresql_keeps_its_indexes() {
        try (TestDatabase test = TestDatabase.of(Vendor.POSTGRESQL); Database database = Database.open(test.config())) {
            assertThat(database.deferIndexes(DEFERRED)).isSameAs(DeferredIndexes.NONE);
            List<String> names = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN (<names>)")
                    .bindList("names", DEFERRED).mapTo(String.class).list());
            assertThat(names).containsExactlyInAnyOrderElementsOf(DEFERRED);
        }
    }

    private static Map<String, List<String>> indexes(Database database) {
        return SchemaIndexes.of(database);
    }

    private static int kept(Database database) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM deferred_indexes").mapTo(Integer.class).one());
    }
}
