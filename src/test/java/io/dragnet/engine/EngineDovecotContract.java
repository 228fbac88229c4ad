package io.dragnet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.dragnet.corpus.CorpusSpec;
import io.dragnet.corpus.GeneratedMessage;
import io.dragnet.index.CopyLocation;
import io.dragnet.index.ImportReport;
import io.dragnet.mailbox.Connectors;
import io.dragnet.mailbox.imap.ImapConfig;
import io.dragnet.mailbox.imap.ImapConnector;
import io.dragnet.mailbox.imap.ImapLogin;
import io.dragnet.mailbox.imap.ImapServer;
import io.dragnet.testing.DovecotServer;
import io.dragnet.testing.ImapClient;
import io.dragnet.testing.ImapProxy;
import jakarta.mail.MessagingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs created over the API and run by the engine through the IMAP connector against a real
 * Dovecot serving the generated tree, then checked over IMAP, mailbox by mailbox; on both
 * databases, as PostgreSQL acts on an IMAP batch while its rows are locked and H2 leases them.
 */
abstract class EngineDovecotContract extends TenantPerTest {
    private DovecotServer dovecot;
    private ImapConnector connector;

    EngineDovecotContract() {
        super(51);
    }

    @BeforeEach
    void startDovecot() throws IOException, InterruptedException {
        dovecot = DovecotServer.start(tenant.corpus.root(), mail.resolve("dovecot"), Map.of());
    }

    @AfterEach
    void stopDovecot() {
        if (connector != null) {
            connector.close();
        }
        if (dovecot != null) {
            dovecot.close();
        }
    }

    private Worker worker(ImapLogin login) {
        return worker(login, dovecot.port(), tenant.corpus.mailboxes(), 25);
    }

    private Worker worker(ImapLogin login, int port, List<String> mailboxes, int batchSize) {
        ImapServer server = new ImapServer("127.0.0.1", port, ImapServer.Security.NONE, true, login, "{address}",
                ImapServer.FolderNames.DEFAULT, true, true, 4, Duration.ofSeconds(10));
        Map<String, ImapServer> domains = new HashMap<>();
        mailboxes.forEach(mailbox -> domains.put(mailbox.substring(mailbox.indexOf('@') + 1), server));
        connector = new ImapConnector(new ImapConfig(domains), java.time.Clock.systemUTC());
        return new Worker(this.server.dragnet.database(), "node-a", Connectors.none().with(CopyLocation.Store.MAILDIR, connector),
                EngineConfig.workers(1).withBatchSize(batchSize), this.server.clock, () -> 0.5, ActionThrottle.of(0), new HashSet<>(),
                WriteGate.forVendor(vendor()));
    }

    private static ImapLogin.Secret master() {
        return new ImapLogin.Secret(DovecotServer.MASTER_PASSWORD, "test");
    }

    /** Message-IDs per IMAP folder of a mailbox, read as the master user. */
    private Map<String, List<String>> folders(String mailbox) throws MessagingException {
        return folders(mailbox, dovecot.port());
    }

    private static Map<String, List<String>> folders(String mailbox, int port) throws MessagingException {
        try (ImapClient client = new ImapClient("127.0.0.1", port, DovecotServer.masterLogin(mailbox),
                DovecotServer.MASTER_PASSWORD)) {
            Map<String, List<String>> folders = new HashMap<>();
            for (String folder : client.folders()) {
                folders.put(folder, client.messageIds(folder));
            }
            return folders;
        }
    }

    private static String imapFolder(GeneratedMessage.Copy copy) {
        return copy.folder().isEmpty() ? "INBOX" : copy.folder().substring(1);
    }

    @Test
    void a_move_job_puts_every_copy_of_the_campaign_in_the_folder_dovecot_marks_junk() throws MessagingException {
        UUID job = tenant.createJob("{\"action\": \"MOVE\", \"destination\": \"JunkEmail\", \"search_params\": "
                + tenant.search("\"sender\": \"" + tenant.campaignDomain() + "\"") + "}");

        worker(new ImapLogin.MasterUser(DovecotServer.MASTER_USER, master(), "*")).drain();

        JsonNode done = tenant.job(job);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        List<JsonNode> rows = tenant.rows(job);
        assertThat(done.get("messages_successful").asInt()).isEqualTo(rows.size()).isGreaterThan(1);
        Map<JsonNode, GeneratedMessage.Copy> copies = tenant.copiesOf(rows);
        Map<String, Set<String>> movedByMailbox = new HashMap<>();
        for (JsonNode row : rows) {
            assertThat(row.get("status").asText()).as(row.toString()).isEqualTo("COMPLETED");
            GeneratedMessage.Copy copy = copies.get(row);
            movedByMailbox.computeIfAbsent(copy.mailbox(), m -> new HashSet<>()).add("<" + row.get("email_message_id").asText() + ">");
        }
        assertThat(movedByMailbox).as("the campaign reached several mailboxes").hasSizeGreaterThan(1);
        for (Map.Entry<String, Set<String>> mailbox : movedByMailbox.entrySet()) {
            Map<String, List<String>> folders = folders(mailbox.getKey());
            assertThat(folders.get(DovecotServer.JUNK)).as(mailbox.getKey()).containsExactlyInAnyOrderElementsOf(mailbox.getValue());
            folders.forEach((folder, ids) -> {
                if (!folder.equals(DovecotServer.JUNK)) {
                    assertThat(ids).as(mailbox.getKey() + " " + folder).doesNotContainAnyElementsOf(mailbox.getValue());
                }
            });
        }
        assertThat(tenant.investigate("message_action=MOVED")).hasSize(
                (int) rows.stream().map(r -> r.get("email_message_id").asText()).distinct().count());

        // Dovecot moves a Maildir file within a mailbox under the same name, and the index recorded the
        // new folder: importing the files again finds every moved copy where it now is
        ImportReport again = tenant.importTree();
        assertThat(again.imported()).isZero();
        assertThat(again.newCopies()).isZero();
    }

    @Test
    void hundreds_of_copies_in_a_folder_are_found_by_one_search_for_their_file_names() throws Exception {
        Tenant big = Tenant.create(server, mail.resolve("big"), new CorpusSpec(7, 1, 1, 300, server.clock.instant()));
        String mailbox = big.corpus.mailboxes().get(0);
        Set<String> sourceFolders = new HashSet<>();
        big.corpus.messages().forEach(m -> m.copies().forEach(c -> sourceFolders.add(c.folder())));
        try (DovecotServer bigDovecot = DovecotServer.start(big.corpus.root(), mail.resolve("big-dovecot"), Map.of());
             ImapProxy proxy = new ImapProxy(bigDovecot.port())) {
            UUID job = big.createJob("{\"action\": \"MOVE\", \"destination\": \"JunkEmail\", \"search_params\": "
                    + big.search("\"detections_only\": false") + "}");

            worker(new ImapLogin.MasterUser(DovecotServer.MASTER_USER, master(), "*"), proxy.port(), big.corpus.mailboxes(), 1000)
                    .drain();

            JsonNode done = big.job(job);
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
            assertThat(done.get("messages_successful").asInt()).isGreaterThanOrEqualTo(300);
            String sent = proxy.sent();
            assertThat(sent.split("UID SEARCH", -1)).as("one search per source folder: %s", sourceFolders)
                    .hasSize(sourceFolders.size() + 1);
            assertThat(sent).contains("X-GUID").doesNotContain("HEADER Message-ID").doesNotContain("HEADER.FIELDS (MESSAGE-ID)");
            Set<String> moved = new HashSet<>();
            big.rows(job).forEach(row -> moved.add("<" + row.get("email_message_id").asText() + ">"));
            assertThat(folders(mailbox, bigDovecot.port()).get(DovecotServer.JUNK)).containsExactlyInAnyOrderElementsOf(moved);
        }
    }

    @Test
    void a_release_job_takes_quarantined_copies_to_the_inbox_acting_through_sasl_authorization() throws MessagingException {
        UUID job = tenant.createJob("{\"action\": \"RELEASE\", \"search_params\": " + tenant.search("\"detections_only\": false,"
                + " \"delivery_status\": \"quarantined\"") + "}");

        worker(new ImapLogin.AuthorizationIdentity(DovecotServer.MASTER_USER, master())).drain();

        List<JsonNode> rows = tenant.rows(job);
        Map<JsonNode, GeneratedMessage.Copy> copies = tenant.copiesOf(rows);
        Map<String, Map<String, List<String>>> mailboxes = new HashMap<>();
        int released = 0;
        for (JsonNode row : rows) {
            GeneratedMessage.Copy copy = copies.get(row);
            String id = "<" + row.get("email_message_id").asText() + ">";
            Map<String, List<String>> folders = mailboxes.get(copy.mailbox());
            if (folders == null) {
                folders = folders(copy.mailbox());
                mailboxes.put(copy.mailbox(), folders);
            }
            if (copy.folder().equals(".Quarantine")) {
                released++;
                assertThat(row.get("status").asText()).as(row.toString()).isEqualTo("COMPLETED");
                assertThat(folders.get("INBOX")).as(copy.mailbox()).contains(id);
                assertThat(folders.get("Quarantine")).as(copy.mailbox()).doesNotContain(id);
            } else {
                assertThat(row.get("status").asText()).as(row.toString()).isEqualTo("FAILED");
                assertThat(row.get("status_message").asText()).startsWith("Not quarantined: the copy is in ");
                assertThat(folders.get(imapFolder(copy))).as(copy.mailbox()).contains(id);
            }
        }
        assertThat(released).isPositive();
        JsonNode done = tenant.job(job);
        assertThat(done.get("messages_successful").asInt()).isEqualTo(released);
        assertThat(tenant.investigate("delivery_status=quarantined")).isEmpty();
    }
}
