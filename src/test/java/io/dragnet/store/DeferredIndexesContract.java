package io.dragnet.store;

import io.dragnet.testing.SchemaIndexes;
import io.dragnet.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Indexes dropped for a bulk load come back as the migrations made them, even after the load died. */
abstract class DeferredIndexesContract {
    /** Two B-trees, one of them on four columns, and (on PostgreSQL only) a trigram index with its storage parameter. */
    private static final List<String> DEFERRED = List.of("messages_sender_from", "message_recipients_address",
            "messages_search_text_trgm");

    abstract Vendor vendor();

    @Test
    void closing_the_deferral_builds_the_indexes_it_dropped_as_they_were() {
        try (TestDatabase test = TestDatabase.of(vendor()); Database database = Database.open(test.config())) {
            Map<String, String> before = SchemaIndexes.of(database);
            List<String> present = DEFERRED.stream().filter(before::containsKey).toList();
            assertThat(present).contains("messages_sender_from", "message_recipients_address");

            DeferredIndexes deferred = database.deferIndexes(DEFERRED);
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
                database.deferIndexes(DEFERRED); // never closed: the process died mid-import
                assertThat(SchemaIndexes.of(database)).doesNotContainKeys("messages_sender_from");
            }
            try (Database restarted = Database.open(test.config())) {
                assertThat(SchemaIndexes.of(restarted)).isEqualTo(before);
                assertThat(kept(restarted)).isZero();
            }
        }
    }

    private static int kept(Database database) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM deferred_indexes").mapTo(Integer.class).one());
    }
}
