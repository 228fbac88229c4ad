package io.dragnet.index;

import io.dragnet.auth.AccountStore;
import io.dragnet.search.DeliveryStatus;
import io.dragnet.store.Database;
import io.dragnet.store.Vendor;
import io.dragnet.testing.SampleMail;
import io.dragnet.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static io.dragnet.index.IndexWriter.Outcome.ALREADY_PRESENT;
import static io.dragnet.index.IndexWriter.Outcome.NEW_COPY;
import static io.dragnet.index.IndexWriter.Outcome.NEW_MESSAGE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A writer of an import into an empty index learns which of a batch's messages and copies exist
 * from what it wrote itself ({@link OwnWrites}), and from the database once it has had to forget:
 * either way a batch that meets them again adds what is new and nothing twice.
 */
abstract class IndexWriterContract {
    private static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");
    private static final String ALICE = "alice@example.com";
    private static final String BOB = "bob@example.com";

    abstract Vendor vendor();

    /** {@code remembered}: how many entries the writer keeps; 0 for a writer that looks everything up, as into a filled index. */
    @ParameterizedTest(name = "remembering {0}")
    @ValueSource(ints = {1_000, 1, 0})
    void a_batch_meeting_what_earlier_batches_wrote_adds_only_what_is_new(int remembered) throws IOException {
        OwnWrites own = remembered == 0 ? OwnWrites.none() : OwnWrites.ofEmptyIndex(remembered, () -> { });
        try (TestDatabase test = TestDatabase.of(vendor()); Database database = Database.open(test.config())) {
            new AccountStore(database).create("acme", "Acme", NOW);
            IndexWriter writer = new IndexWriter(database);
            ParsedMessage phish = parse(SampleMail.PHISH);
            ParsedMessage other = parse(SampleMail.PHISH.replace("<abc123@evil.example>", "<def456@evil.example>"));
            IndexEntry phishForAlice = whole(phish, "", "1795435205.M1P1.mx1");
            IndexEntry otherForAlice = whole(other, "", "1795435206.M2P2.mx1");

            assertThat(writer.write("acme", List.of(phishForAlice, otherForAlice), NOW, own)).containsExactly(NEW_MESSAGE, NEW_MESSAGE);
            assertThat(own.knowsAll()).isEqualTo(remembered > 4); // two seqs and two folders

            // the same file again; Bob's copy, read by its header; the other message hard-linked into Alice's Junk
            IndexEntry phishForBob = IndexEntry.copyOfEarlier(identity(phish), NOW,
                    new CopyLocation(CopyLocation.Store.MAILDIR, "example.com/bob", "", "1795435205.M3P3.mx1"), List.of(BOB),
                    DeliveryStatus.DELIVERED);
            IndexEntry otherInJunk = whole(other, ".Junk", "1795435206.M2P2.mx1");
            assertThat(writer.write("acme", List.of(phishForAlice, phishForBob, otherInJunk), NOW, own))
                    .containsExactly(ALREADY_PRESENT, NEW_COPY, NEW_COPY);

            assertThat(count(database, "messages")).isEqualTo(2);
            assertThat(count(database, "message_copies")).isEqualTo(4);
            // the twin keeps the key of its place: its name's key is the first file's
            String twinKey = otherInJunk.location().placeKey("acme", ALICE);
            String twinFolder = database.jdbi().withHandle(h -> h.createQuery("SELECT folder FROM message_copies WHERE copy_key = :key")
                    .bind("key", twinKey).mapTo(String.class).one());
            assertThat(twinFolder).isEqualTo(".Junk");
        }
    }

    private static ParsedMessage parse(String mail) throws IOException {
        try {
            return new MessageParser(VerdictRules.defaults()).parse(new ByteArrayInputStream(mail.getBytes(StandardCharsets.UTF_8)));
        } catch (MailParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageIdentity identity(ParsedMessage message) {
        return MessageIdentity.of("acme", message);
    }

    private static IndexEntry whole(ParsedMessage message, String folder, String location) {
        return new IndexEntry(message, identity(message), NOW,
                new CopyLocation(CopyLocation.Store.MAILDIR, "example.com/alice", folder, location), List.of(ALICE),
                DeliveryStatus.DELIVERED);
    }

    private static int count(Database database, String table) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Integer.class).one());
    }
}
