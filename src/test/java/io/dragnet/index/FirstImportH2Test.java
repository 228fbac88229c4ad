package io.dragnet.index;

import io.dragnet.auth.AccountStore;
import io.dragnet.store.Database;
import io.dragnet.store.TimeOrderedIds;
import io.dragnet.store.Vendor;
import io.dragnet.testing.SchemaIndexes;
import io.dragnet.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class FirstImportH2Test extends FirstImportContract {
    @Override
    Vendor vendor() {
        return Vendor.H2;
    }

    /**
     * H2's one writer has the copy keys' index dropped too, so a job moving a copy meanwhile is not
     * stopped by it: the import may record at the copy's new place a copy the job has already given
     * that place's key. The copy is kept once, as the job left it, and the index is built.
     */
    @Test
    void a_copy_a_job_moved_while_the_index_loaded_and_the_import_met_again_is_kept_once() throws IOException {
        writeTree(MESSAGES);
        try (TestDatabase test = TestDatabase.of(vendor()); Database database = Database.open(test.config())) {
            new AccountStore(database).create("acme", "Acme", NOW);
            Map<String, String> indexes = SchemaIndexes.of(database);
            Importer importer = new Importer(database, VerdictRules.defaults(), MaildirTree.Folders.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));
            AtomicReference<String> moved = new AtomicReference<>();
            importer.run("acme", List.of(root), progress -> {
                if (moved.get() == null) {
                    moved.set(recordTwiceAsAJobWould(database));
                }
            });

            assertThat(SchemaIndexes.of(database)).isEqualTo(indexes);
            assertThat(count(database, "message_copies")).isEqualTo(2 * MESSAGES);
            String kept = database.jdbi().withHandle(h -> h.createQuery("SELECT id FROM message_copies WHERE copy_key = "
                    + "(SELECT copy_key FROM message_copies WHERE id = :id)").bind("id", moved.get()).mapTo(String.class).one());
            assertThat(kept).isEqualTo(moved.get());
        }
    }

    /** A job's move (its action logged) onto a key that a later row of the import holds as well; the moved copy's id. */
    private static String recordTwiceAsAJobWould(Database database) {
        return database.jdbi().inTransaction(h -> {
            Map<String, Object> copy = h.createQuery("SELECT c.id, c.copy_key, c.message_seq, m.id AS message FROM message_copies c"
                    + " JOIN messages m ON m.seq = c.message_seq ORDER BY c.id").setMaxRows(1).mapToMap().one();
            h.execute("INSERT INTO message_copies (id, message_seq, account_id, copy_key, recipient, recipient_domain, store, mailbox,"
                    + " folder, location, delivery_status, imported_at) SELECT ?, message_seq, account_id, copy_key, recipient,"
                    + " recipient_domain, store, mailbox, folder, location, delivery_status, imported_at FROM message_copies WHERE id = ?",
                    TimeOrderedIds.next().toString(), copy.get("id"));
            h.execute("INSERT INTO message_actions (id, message_id, operation, folder, requested_by, job_id, completed_at, copy_id)"
                    + " VALUES (?, ?, 'MOVE', 'Junk', 'test', ?, ?, ?)", TimeOrderedIds.next().toString(), copy.get("message"),
                    UUID.randomUUID(), NOW, copy.get("id"));
            return (String) copy.get("id");
        });
    }
}
