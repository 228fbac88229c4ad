package io.dragnet.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeferredIndexesH2Test extends DeferredIndexesContract {
    @Override
    Vendor vendor() {
        return Vendor.H2;
    }

    /**
     * The builds take a larger page cache for a while; SET CACHE_SIZE is kept in the file, so a
     * later start would keep it too. (Only a file has a page cache: the other tests' stores are in memory.)
     */
    @Test
    void building_leaves_the_page_cache_of_the_file_as_large_as_it_was(@TempDir Path dir) {
        DatabaseConfig file = DatabaseConfig.embedded(dir, 4);
        long before;
        try (Database database = Database.open(file)) {
            before = cacheMegabytes(database);
            database.deferIndexes(List.of("messages_sender_from", "message_recipients_address"), Clock.systemUTC()).close();
            assertThat(cacheMegabytes(database)).isEqualTo(before);
        }
        try (Database reopened = Database.open(file)) {
            assertThat(cacheMegabytes(reopened)).isEqualTo(before);
        }
    }

    private static long cacheMegabytes(Database database) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT CAST(setting_value AS BIGINT) FROM information_schema.settings"
                + " WHERE setting_name = 'info.CACHE_MAX_SIZE'").mapTo(Long.class).one());
    }
}
