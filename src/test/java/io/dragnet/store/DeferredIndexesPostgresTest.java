package io.dragnet.store;

import io.dragnet.testing.SchemaIndexes;
import io.dragnet.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeferredIndexesPostgresTest extends DeferredIndexesContract {
    @Override
    Vendor vendor() {
        return Vendor.POSTGRESQL;
    }

    /**
     * Two builders share a pool of two: while one waits on its table (here for a lock another
     * session holds; in an import, for a long build), the other builds the rest. A builder that
     * kept a third connection for itself would leave the second lane without one.
     */
    @Test
    void one_builder_goes_on_while_the_other_waits_on_its_table() throws Exception {
        try (TestDatabase test = TestDatabase.of(vendor())) {
            DatabaseConfig config = test.config();
            try (Database database = Database.open(new DatabaseConfig(config.jdbcUrl(), config.username(), config.password(), 2));
                 Connection other = DriverManager.getConnection(config.jdbcUrl(), config.username(), config.password())) {
                DeferredIndexes deferred = database.deferIndexes(
                        List.of("messages_search_text_trgm", "message_recipients_address"), Clock.systemUTC());
                other.setAutoCommit(false);
                try (Statement lock = other.createStatement()) {
                    lock.execute("LOCK TABLE messages IN SHARE ROW EXCLUSIVE MODE"); // what CREATE INDEX waits for
                }
                CompletableFuture<Void> building = CompletableFuture.runAsync(deferred::close);
                try {
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                            .until(() -> SchemaIndexes.of(database).containsKey("message_recipients_address"));
                    assertThat(SchemaIndexes.of(database)).doesNotContainKey("messages_search_text_trgm");
                } finally {
                    other.rollback(); // the lock goes; the waiting builder goes on
                }
                building.get(30, TimeUnit.SECONDS);
                assertThat(SchemaIndexes.of(database)).containsKeys("messages_search_text_trgm", "message_recipients_address");
            }
        }
    }
}
