package io.dragnet.index;

import io.dragnet.auth.AccountStore;
import io.dragnet.store.Database;
import io.dragnet.store.LoadInProgressException;
import io.dragnet.store.Vendor;
import io.dragnet.testing.SampleMail;
import io.dragnet.testing.SchemaIndexes;
import io.dragnet.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A first import into an empty index drops the unique indexes its batches would look keys up in,
 * since its writers know what they wrote (OwnWrites), and builds them when it ends. A writer that
 * has to forget has them built first; and no other import writes while they are dropped, since
 * they are what would stop it from writing a message twice.
 */
abstract class FirstImportContract {
    static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");
    private static final List<String> LOOKUP_INDEXES = List.of("messages_postfix_id", "message_copies_copy_key");
    /** Each in two mailboxes: more files than two writers' first batches hold, so each writer writes again after forgetting. */
    static final int MESSAGES = 600;

    @TempDir
    Path root;

    abstract Vendor vendor();

    @Test
    void a_writer_that_has_to_forget_has_the_lookup_indexes_built_before_it_looks_keys_up() throws IOException {
        writeTree(MESSAGES);
        try (TestDatabase test = TestDatabase.of(vendor()); Database database = Database.open(test.config())) {
            new AccountStore(database).create("acme", "Acme", NOW);
            Map<String, String> indexes = SchemaIndexes.of(database);
            // each writer keeps ten keys: each forgets after its first batch
            List<Set<String>> indexesAfterEachBatch = new CopyOnWriteArrayList<>();
            ImportReport report = importNotingIndexes(database, 10, indexesAfterEachBatch);

            assertThat(indexesAfterEachBatch).hasSizeGreaterThan(2).allSatisfy(present -> assertThat(present)
                    .containsAll(LOOKUP_INDEXES)
                    .doesNotContain("messages_sender_from")); // built early: only what lookups need
            assertThat(SchemaIndexes.of(database)).isEqualTo(indexes);
            assertThat(report.imported()).isEqualTo(MESSAGES);
            assertThat(report.newCopies()).isEqualTo(MESSAGES);
            assertThat(count(database, "messages")).isEqualTo(MESSAGES);
            assertThat(count(database, "message_copies")).isEqualTo(2 * MESSAGES);

            ImportReport again = new Importer(database, VerdictRules.defaults(), MaildirTree.Folders.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC))
                    .run("acme", List.of(root), progress -> { });
            assertThat(again.present()).isEqualTo(2 * MESSAGES);
            assertThat(again.imported() + again.newCopies()).isZero();
        }
    }

    /**
     * A writer that remembers all it wrote needs neither lookup index until the end; but where
     * several write at once, the copy keys' index stays, since two writers may meet on a copy's
     * name key (Importer.SHARED_BY_WRITERS).
     */
    @Test
    void writers_that_remember_all_they_wrote_have_the_unique_keys_built_at_the_end() throws IOException {
        writeTree(MESSAGES);
        try (TestDatabase test = TestDatabase.of(vendor()); Database database = Database.open(test.config())) {
            new AccountStore(database).create("acme", "Acme", NOW);
            Map<String, String> indexes = SchemaIndexes.of(database);
            int writers = Importer.defaultWriters(database);
            List<Set<String>> indexesAfterEachBatch = new CopyOnWriteArrayList<>();
            importNotingIndexes(database, Long.MAX_VALUE, indexesAfterEachBatch);

            assertThat(indexesAfterEachBatch).isNotEmpty().allSatisfy(present -> {
                assertThat(present).doesNotContain("messages_postfix_id");
                if (writers == 1) {
                    assertThat(present).doesNotContain("message_copies_copy_key");
                } else {
                    assertThat(present).contains("message_copies_copy_key");
                }
            });
            assertThat(SchemaIndexes.of(database)).isEqualTo(indexes);
            assertThat(count(database, "message_copies")).isEqualTo(2 * MESSAGES);
        }
    }

    @Test
    void an_import_while_a_first_import_holds_the_lookup_indexes_is_refused_and_writes_nothing() throws IOException {
        writeTree(3);
        try (TestDatabase test = TestDatabase.of(vendor()); Database database = Database.open(test.config())) {
            new AccountStore(database).create("acme", "Acme", NOW);
            Importer importer = new Importer(database, VerdictRules.defaults(), MaildirTree.Folders.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));

            // another first import, into the empty index, that has not written its first batch yet
            try (var other = database.deferIndexes(LOOKUP_INDEXES, Clock.fixed(NOW, ZoneOffset.UTC))) {
                assertThatThrownBy(() -> importer.run("acme", List.of(root), progress -> { }))
                        .isInstanceOf(LoadInProgressException.class).hasMessageContaining("another import is loading");
                assertThat(count(database, "messages")).isZero();
            }
            importer.run("acme", List.of(root), progress -> { });

            // and one that has: the index is no longer empty, and the second import would look keys up
            try (var other = database.deferIndexes(LOOKUP_INDEXES, Clock.fixed(NOW, ZoneOffset.UTC))) {
                writeTree(4);
                assertThatThrownBy(() -> importer.run("acme", List.of(root), progress -> { }))
                        .isInstanceOf(LoadInProgressException.class).hasMessageContaining("another import is loading");
                assertThat(count(database, "messages")).isEqualTo(3);
            }
            ImportReport after = importer.run("acme", List.of(root), progress -> { });
            assertThat(after.imported()).isEqualTo(1);
            assertThat(count(database, "messages")).isEqualTo(4);
        }
    }

    /**
     * Imports the tree with as many writers as the database gets (H2 one, PostgreSQL two), each
     * keeping this many keys, and notes the schema's indexes after each batch.
     */
    private ImportReport importNotingIndexes(Database database, long remembered, List<Set<String>> afterEachBatch) {
        Importer importer = new Importer(database, VerdictRules.defaults(), MaildirTree.Folders.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC),
                Importer.defaultWriters(database), remembered);
        return importer.run("acme", List.of(root), progress -> {
            if (progress.stage() == Importer.Stage.READING) {
                afterEachBatch.add(SchemaIndexes.of(database).keySet());
            }
        });
    }

    /** {@code messages} distinct messages, each delivered to two mailboxes. */
    void writeTree(int messages) throws IOException {
        for (int i = 0; i < messages; i++) {
            for (String user : List.of("alice", "bob")) {
                Path cur = Files.createDirectories(root.resolve("example.com/" + user + "/cur"));
                Files.writeString(cur.resolve("1795435205.M" + i + "P1.mx1:2,S"), SampleMail.PHISH
                        .replace("<abc123@evil.example>", "<m" + i + "@evil.example>")
                        .replace("Delivered-To: alice@example.com", "Delivered-To: " + user + "@example.com"));
            }
        }
    }

    static long count(Database database, String table) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }
}
