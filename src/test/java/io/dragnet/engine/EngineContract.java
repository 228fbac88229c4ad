package io.dragnet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.dragnet.corpus.GeneratedMessage;
import io.dragnet.index.CopyLocation;
import io.dragnet.index.ImportReport;
import io.dragnet.job.Destination;
import io.dragnet.mailbox.Connectors;
import io.dragnet.mailbox.maildir.MaildirConnector;
import org.jdbi.v3.core.generic.GenericType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs run end to end through the engine and the Maildir connector, driven step by step on the
 * test's clock, and checked on disk file by file; on both databases.
 */
abstract class EngineContract extends TenantPerTest {
    EngineContract() {
        super(11);
    }

    Worker worker(MaildirConnector.FileOps files, EngineConfig config) {
        return new Worker(server.dragnet.database(), "node-a", Connectors.none().with(CopyLocation.Store.MAILDIR, maildir(files)),
                config, server.clock, () -> 0.5, ActionThrottle.of(0), new HashSet<>(), WriteGate.forVendor(vendor()));
    }

    Worker worker() {
        return worker(MaildirConnector.FileOps.DEFAULT, EngineConfig.workers(1).withBatchSize(7));
    }

    /** Where a copy should be after the action: a path relative to the tree, or null once purged. */
    Path expectedPlace(GeneratedMessage.Copy copy, Destination destination) {
        Path mailbox = tenant.relative(tenant.corpus.maildir(copy.mailbox()));
        Path file = copy.file();
        String folder = switch (destination) {
            case INBOX -> "";
            case JUNK_EMAIL -> ".Junk";
            case DELETED_ITEMS -> ".Trash";
            case RECOVERABLE_ITEMS_DELETIONS -> "dragnet-recoverable";
            case RECOVERABLE_ITEMS_PURGES -> null;
        };
        if (folder == null) {
            return null;
        }
        return mailbox.resolve(folder).resolve(file.getParent().getFileName()).resolve(file.getFileName());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Destination.class)
    void a_move_puts_every_copy_of_the_campaign_in_the_destination_and_leaves_every_other_file_alone(Destination destination) {
        Set<Path> before = tenant.files();
        UUID job = tenant.createJob("{\"action\": \"MOVE\", \"destination\": \"" + destination.wire() + "\", \"search_params\": "
                + tenant.search("\"sender\": \"" + tenant.campaignDomain() + "\"") + "}");

        worker().drain();

        JsonNode done = tenant.job(job);
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        long discovered = done.get("total_messages_discovered").asLong();
        assertThat(discovered).isGreaterThan(1);
        assertThat(done.get("messages_successful").asLong()).isEqualTo(discovered);
        assertThat(done.get("completed_at").isNull()).isFalse();
        assertThat(done.get("status_message").asText()).contains(discovered + " messages");

        List<JsonNode> rows = tenant.rows(job);
        Set<Path> expected = new HashSet<>(before);
        Map<JsonNode, GeneratedMessage.Copy> copies = tenant.copiesOf(rows);
        Set<String> recipients = new HashSet<>();
        for (JsonNode row : rows) {
            assertThat(row.get("status").asText()).as(row.toString()).isEqualTo("COMPLETED");
            assertThat(row.get("processed_at").isNull()).isFalse();
            recipients.add(row.get("action_params").get("client_recipient").asText());
            GeneratedMessage.Copy copy = copies.get(row);
            expected.remove(tenant.relative(copy.file()));
            Path place = expectedPlace(copy, destination);
            if (place != null) {
                expected.add(place);
            }
        }
        assertThat(recipients).as("the campaign reached several mailboxes").hasSizeGreaterThan(1);
        assertThat(tenant.files()).isEqualTo(expected);

        // the index knows where the copies went: importing the tree again adds nothing
        ImportReport again = tenant.importTree();
        assertThat(again.imported()).isZero();
        assertThat(again.newCopies()).isZero();
    }

    @Test
    void a_copy_moved_onto_a_twin_the_index_holds_in_the_destination_does_not_stop_the_job() throws IOException {
        // a file of the same name as a campaign copy in the inbox, in that mailbox's Junk, imported as a copy of its own
        String sender = tenant.campaignDomain();
        GeneratedMessage.Copy copy = tenant.corpus.messages().stream().filter(m -> m.from().endsWith("@" + sender))
                .flatMap(m -> m.copies().stream()).filter(c -> c.folder().isEmpty()).findFirst().orElseThrow();
        Path twin = tenant.corpus.maildir(copy.mailbox()).resolve(".Junk").resolve(copy.file().getParent().getFileName())
                .resolve(copy.file().getFileName());
        Files.createDirectories(twin.getParent());
        Files.copy(copy.file(), twin);
        assertThat(tenant.importTree().newCopies()).isEqualTo(1);
        assertThat(tenant.importTree().newCopies()).isZero();
        UUID job = tenant.createJob("{\"action\": \"MOVE\", \"destination\": \"JunkEmail\", \"search_params\": "
                + tenant.search("\"sender\": \"" + sender + "\"") + "}");

        worker().drain();

        JsonNode done = tenant.job(job);
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("messages_successful").asLong()).isEqualTo(done.get("total_messages_discovered").asLong());
        assertThat(Files.exists(copy.file())).isFalse();
        assertThat(twin).exists();
        // both are in Junk, each under its own name (renamed onto the twin would have replaced it), and in the index once each
        String base = copy.file().getFileName().toString().split(":")[0];
        List<String> inJunk = server.dragnet.database().jdbi().withHandle(h -> h.createQuery(
                        "SELECT location FROM message_copies WHERE account_id = :account AND folder = '.Junk' AND location LIKE :base")
                .bind("account", tenant.account).bind("base", base + "%").mapTo(String.class).list());
        assertThat(inJunk).hasSize(2).doesNotHaveDuplicates().contains(base);
        try (var junk = Files.list(twin.getParent())) {
            assertThat(junk.filter(f -> f.getFileName().toString().startsWith(base))).hasSize(2);
        }
        // the other copies' new places are recorded: importing the tree again finds nothing new
        ImportReport again = tenant.importTree();
        assertThat(again.imported()).isZero();
        assertThat(again.newCopies()).isZero();
    }

    @Test
    void a_maildir_move_keeps_each_copy_key_and_records_the_new_folder() {
        // the key is what PostgreSQL would have to index anew: kept, the copy's row is updated in place
        Map<String, String> keysBefore = copyKeys();
        UUID job = tenant.createJob("{\"action\": \"MOVE\", \"destination\": \"DeletedItems\", \"search_params\": "
                + tenant.search("\"sender\": \"" + tenant.campaignDomain() + "\"") + "}");

        worker().drain();

        assertThat(tenant.job(job).get("status").asText()).isEqualTo("COMPLETED");
        List<String> moved = server.dragnet.database().jdbi().withHandle(h -> h.createQuery(
                        "SELECT c.id FROM bulk_job_messages r JOIN message_copies c ON c.id = r.copy_id"
                                + " WHERE r.job_id = :job AND c.folder = '.Trash'")
                .bind("job", job).mapTo(String.class).list());
        assertThat(moved).hasSize(tenant.rows(job).size());
        assertThat(copyKeys()).isEqualTo(keysBefore);
    }

    @Test
    void copies_imported_under_the_keys_of_their_places_as_earlier_versions_did_are_recognised_and_moved() {
        // until copies kept their keys across moves, every copy's key named its folder too
        server.dragnet.database().jdbi().useHandle(h -> {
            List<Map<String, Object>> copies = h.createQuery(
                            "SELECT id, store, mailbox, folder, location, recipient FROM message_copies WHERE account_id = :account")
                    .bind("account", tenant.account).mapToMap().list();
            for (Map<String, Object> c : copies) {
                CopyLocation place = new CopyLocation(CopyLocation.Store.valueOf((String) c.get("store")), (String) c.get("mailbox"),
                        (String) c.get("folder"), (String) c.get("location"));
                h.createUpdate("UPDATE message_copies SET copy_key = :key WHERE id = :id")
                        .bind("key", place.placeKey(tenant.account, (String) c.get("recipient"))).bind("id", c.get("id"))
                        .execute();
            }
        });
        assertThat(tenant.importTree().newCopies()).isZero();
        UUID job = tenant.createJob("{\"action\": \"MOVE\", \"destination\": \"JunkEmail\", \"search_params\": "
                + tenant.search("\"sender\": \"" + tenant.campaignDomain() + "\"") + "}");

        worker().drain();

        JsonNode done = tenant.job(job);
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("messages_successful").asLong()).isEqualTo(done.get("total_messages_discovered").asLong());
        ImportReport again = tenant.importTree();
        assertThat(again.imported()).isZero();
        assertThat(again.newCopies()).isZero();
    }

    private Map<String, String> copyKeys() {
        return server.dragnet.database().jdbi().withHandle(h -> h.createQuery(
                        "SELECT id, copy_key FROM message_copies WHERE account_id = :account")
                .bind("account", tenant.account)
                .setMapKeyColumn("id").setMapValueColumn("copy_key")
                .collectInto(new GenericType<Map<String, String>>() { }));
    }

    @Test
    void a_moved_message_shows_the_action_in_investigate_and_the_action_searches_find_it() {
        String sender = tenant.campaignDomain();
        UUID job = tenant.createJob("{\"action\": \"MOVE\", \"destination\": \"DeletedItems\", \"search_params\": "
                + tenant.search("\"sender\": \"" + sender + "\"") + "}");
        worker().drain();

        String messageId = tenant.rows(job).get(0).get("email_message_id").asText();
        JsonNode found = tenant.investigate("message_id=" + URLEncoder.encode(messageId, StandardCharsets.UTF_8));
        assertThat(found).hasSize(1);
        JsonNode message = found.get(0);
        assertThat(message.get("delivery_status")).extracting(JsonNode::asText).contains("moved");
        JsonNode action = message.get("action_log").get(0);
        assertThat(action.get("operation").asText()).isEqualTo("MOVE");
        assertThat(action.get("properties").get("folder").asText()).isEqualTo("DeletedItems");
        assertThat(action.get("properties").get("requested_by").asText()).isEqualTo(Tenant.TOKEN_NAME);
        assertThat(message.get("post_delivery_operations")).extracting(JsonNode::asText).containsExactly("MOVE");

        JsonNode moved = tenant.investigate("message_action=MOVED");
        Set<String> movedIds = new HashSet<>();
        moved.forEach(m -> movedIds.add(m.get("message_id").asText()));
        Set<String> jobIds = new HashSet<>();
        tenant.rows(job).forEach(r -> jobIds.add(r.get("email_message_id").asText()));
        assertThat(movedIds).isEqualTo(jobIds);
    }

    @Test
    void a_release_takes_quarantined_copies_to_the_inbox_as_new_mail_and_fails_the_others_with_the_reason() {
        Set<Path> before = tenant.files();
        UUID job = tenant.createJob("{\"action\": \"RELEASE\", \"search_params\": " + tenant.search("\"detections_only\": false") + "}");

        worker().drain();

        List<JsonNode> rows = tenant.rows(job);
        Map<JsonNode, GeneratedMessage.Copy> copies = tenant.copiesOf(rows);
        Set<Path> expected = new HashSet<>(before);
        int released = 0;
        for (JsonNode row : rows) {
            GeneratedMessage.Copy copy = copies.get(row);
            if (copy.folder().equals(".Quarantine")) {
                released++;
                assertThat(row.get("status").asText()).as(row.toString()).isEqualTo("COMPLETED");
                expected.remove(tenant.relative(copy.file()));
                String name = copy.file().getFileName().toString();
                int flags = name.indexOf(':');
                expected.add(tenant.relative(tenant.corpus.maildir(copy.mailbox())).resolve("new")
                        .resolve(flags < 0 ? name : name.substring(0, flags)));
            } else {
                assertThat(row.get("status").asText()).as(row.toString()).isEqualTo("FAILED");
                assertThat(row.get("status_message").asText()).startsWith("Not quarantined: the copy is in ");
            }
        }
        assertThat(released).isPositive().isLessThan(rows.size());
        assertThat(tenant.files()).isEqualTo(expected);

        JsonNode done = tenant.job(job);
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("messages_successful").asInt()).isEqualTo(released);
        assertThat(done.get("messages_failed").asInt()).isEqualTo(rows.size() - released);
        assertThat(done.get("status_message").asText())
                .startsWith(released + " of " + rows.size() + " messages released from quarantine; " + (rows.size() - released) + " failed")
                .contains("Not quarantined");
        assertThat(tenant.investigate("delivery_status=quarantined")).isEmpty();
    }

    @Test
    void a_job_where_every_copy_fails_ends_failed_and_says_why() {
        GeneratedMessage clean = tenant.corpus.ofKind(GeneratedMessage.Kind.CLEAN).get(0);
        UUID job = tenant.createJob("{\"action\": \"RELEASE\", \"search_params\": "
                + tenant.search("\"detections_only\": false, \"message_id\": \"" + clean.messageId() + "\"") + "}");

        worker().drain();

        JsonNode done = tenant.job(job);
        assertThat(done.get("status").asText()).isEqualTo("FAILED");
        assertThat(done.get("messages_failed").asInt()).isEqualTo(clean.copies().size());
        assertThat(done.get("status_message").asText()).startsWith("No message could be released from quarantine: all ")
                .contains("The first failure: Not quarantined");
    }

    @Test
    void without_a_connector_for_the_store_each_copy_fails_with_what_to_configure() {
        UUID job = tenant.createJob("{\"action\": \"MOVE\", \"destination\": \"JunkEmail\", \"search_params\": "
                + tenant.search("\"sender\": \"" + tenant.campaignDomain() + "\"") + "}");
        Set<Path> before = tenant.files();

        new Worker(server.dragnet.database(), "node-a", Connectors.none(), EngineConfig.workers(1), server.clock).drain();

        assertThat(tenant.job(job).get("status").asText()).isEqualTo("FAILED");
        assertThat(tenant.rows(job)).allSatisfy(row -> assertThat(row.get("status_message").asText()).contains("--mail-root"));
        assertThat(tenant.files()).isEqualTo(before);
    }

    @Test
    void a_phish_submission_is_skipped_and_counted_so_and_its_file_stays_put() {
        GeneratedMessage campaign = tenant.corpus.ofKind(GeneratedMessage.Kind.CAMPAIGN).get(0);
        // import never marks submissions (they come from users reporting mail); mark one as Cloudflare would
        server.dragnet.database().jdbi().useHandle(handle -> handle.createUpdate(
                        "UPDATE messages SET is_submission = TRUE WHERE account_id = :account AND message_id_lower = :id")
                .bind("account", tenant.account).bind("id", campaign.messageId().toLowerCase(Locale.ROOT)).execute());
        Set<Path> before = tenant.files();
        UUID job = tenant.createJob("{\"action\": \"MOVE\", \"destination\": \"JunkEmail\", \"search_params\": "
                + tenant.search("\"message_id\": \"" + campaign.messageId() + "\", \"submissions\": true") + "}");

        worker().drain();

        JsonNode done = tenant.job(job);
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("messages_skipped").asInt()).isEqualTo(campaign.copies().size());
        assertThat(done.get("status_message").asText()).contains("phish submission");
        assertThat(tenant.rows(job)).allSatisfy(row -> assertThat(row.get("status").asText()).isEqualTo("SKIPPED"));
        assertThat(tenant.files()).isEqualTo(before);
    }
}
