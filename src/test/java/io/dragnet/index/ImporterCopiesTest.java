package io.dragnet.index;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dragnet.auth.AccountStore;
import io.dragnet.json.Json;
import io.dragnet.json.JsonFields;
import io.dragnet.search.SearchParams;
import io.dragnet.search.SearchParamsParser;
import io.dragnet.store.Database;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A campaign's copies in many mailboxes: import reads the later ones to the end of their header
 * only (Reading.HeaderOnly), and the index must hold the same as if it had read them all.
 */
class ImporterCopiesTest {
    static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");
    static final int MAILBOXES = 60;

    @TempDir
    Path root;

    @Test
    void every_copy_is_recorded_and_the_message_keeps_what_its_body_says() throws IOException {
        List<String> owners = new ArrayList<>();
        for (int i = 0; i < MAILBOXES; i++) {
            String owner = "user" + i + "@example.com";
            owners.add(owner);
            Path cur = Files.createDirectories(root.resolve("example.com/user" + i + "/cur"));
            Files.writeString(cur.resolve("1795435205.M" + i + "P1.mx1:2,S"),
                    SampleMail.PHISH.replace("Delivered-To: alice@example.com", "Delivered-To: " + owner));
        }
        try (TestDatabase test = TestDatabase.of(Vendor.H2); Database database = Database.open(test.config())) {
            new AccountStore(database).create("acme", "Acme", NOW);
            Importer importer = new Importer(database, VerdictRules.defaults(), MaildirTree.Folders.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));

            Map<String, String> indexes = SchemaIndexes.of(database);
            List<Importer.Stage> stages = new ArrayList<>();
            ImportReport report = importer.run("acme", List.of(root), progress -> stages.add(progress.stage()));
            // a first import builds the indexes it deferred when it ends (DeferredIndexes), and says so
            assertThat(SchemaIndexes.of(database)).isEqualTo(indexes);
            assertThat(stages).last().isEqualTo(Importer.Stage.BUILDING_INDEXES);
            assertThat(stages).containsOnlyOnce(Importer.Stage.BUILDING_INDEXES).contains(Importer.Stage.READING);
            assertThat(report.imported()).isEqualTo(1);
            assertThat(report.newCopies()).isEqualTo(MAILBOXES - 1);
            assertThat(report.rejected()).isEmpty();

            MessageIndex index = new MessageIndex(database);
            // the link's host and the attachment's hash are in the body alone
            for (String search : List.of("domain=files.example", "query=65964cad705da477d8db44d002e331aa3f549e0837122a0555f755777417add0")) {
                List<InvestigateMessage> found = index.search("acme", params(search), null, 0, 10).messages();
                assertThat(found).as(search).singleElement().satisfies(m -> {
                    assertThat(m.clientRecipients()).containsExactlyInAnyOrderElementsOf(owners);
                    assertThat(m.threatCategories()).containsExactly("URIBL_PHISH", "FORGED_SENDER", "credential_harvester");
                });
            }

            stages.clear();
            ImportReport again = importer.run("acme", List.of(root), progress -> stages.add(progress.stage()));
            assertThat(stages).containsOnly(Importer.Stage.READING);
            assertThat(again.present()).isEqualTo(MAILBOXES);
            assertThat(again.imported() + again.newCopies()).isZero();
        }
    }

    private static SearchParams params(String search) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("start", "2026-11-01T00:00:00Z");
        node.put(search.substring(0, search.indexOf('=')), search.substring(search.indexOf('=') + 1));
        return SearchParamsParser.parse(JsonFields.of(node, "", SearchParamsParser.FIELDS), NOW);
    }
}
