package io.dragnet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.dragnet.index.CopyLocation;
import io.dragnet.index.ImportReport;
import io.dragnet.index.Importer;
import io.dragnet.index.MaildirTree;
import io.dragnet.index.VerdictRules;
import io.dragnet.mailbox.Connectors;
import io.dragnet.mailbox.imap.ImapConfig;
import io.dragnet.mailbox.imap.ImapConnector;
import io.dragnet.mailbox.imap.ImapLogin;
import io.dragnet.mailbox.imap.ImapMailboxFeed;
import io.dragnet.mailbox.imap.ImapServer;
import io.dragnet.store.Vendor;
import io.dragnet.testing.ApiClient.Response;
import io.dragnet.testing.ImapClient;
import io.dragnet.testing.ImapProxy;
import io.dragnet.testing.ServerPerClass;
import io.dragnet.testing.TestServer;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MailDateFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An installation with no access to the mail files: mailboxes imported over IMAP, a job that acts
 * on them by the UIDs import recorded, and a re-import that finds everything where the job put it.
 */
class ImapImportTest extends ServerPerClass {
    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    private static final String ALICE = "alice@example.com";
    private static final String BOB = "bob@example.com";

    @Override
    protected Vendor vendor() {
        return Vendor.H2;
    }

    private ImapConfig config() {
        return config(GREENMAIL.getImap().getPort());
    }

    private ImapConfig config(int port) {
        ImapServer server = new ImapServer("127.0.0.1", port, ImapServer.Security.NONE, true,
                new ImapLogin.PerUser(Map.of(ALICE, new ImapLogin.Secret("a", "test"), BOB, new ImapLogin.Secret("b", "test"))),
                "{address}", ImapServer.FolderNames.DEFAULT, true, true, 4, Duration.ofSeconds(5));
        return new ImapConfig(Map.of("example.com", server));
    }

    private MimeMessage message(String messageId, String from, Instant received) throws MessagingException {
        MimeMessage message = ImapClient.message(Session.getInstance(new Properties()), messageId);
        message.setFrom(new InternetAddress(from));
        message.setRecipients(Message.RecipientType.TO, ALICE + ", " + BOB);
        message.setHeader("Received", "from mx.bad.example ([203.0.113.9]) by mx.example.com; "
                + new MailDateFormat().format(Date.from(received)));
        message.setSentDate(Date.from(received)); // the same message in two mailboxes: one identity
        message.saveChanges();
        message.setHeader("Message-ID", messageId);
        return message;
    }

    private ImportReport importOverImap() {
        return new Importer(server.dragnet.database(), VerdictRules.defaults(), MaildirTree.Folders.DEFAULT, server.clock)
                .importFrom(TestServer.ACCOUNT, List.of(new ImapMailboxFeed(config(), ALICE, Clock.systemUTC()),
                        new ImapMailboxFeed(config(), BOB, Clock.systemUTC())), progress -> { });
    }

    @Test
    void mailboxes_imported_over_imap_are_searched_acted_on_by_uid_and_found_again_where_the_job_put_them() throws Exception {
        GREENMAIL.setUser(ALICE, ALICE, "a");
        GREENMAIL.setUser(BOB, BOB, "b");
        Instant received = server.clock.instant().minus(Duration.ofDays(1));
        try (ImapClient alice = new ImapClient("127.0.0.1", GREENMAIL.getImap().getPort(), ALICE, "a");
             ImapClient bob = new ImapClient("127.0.0.1", GREENMAIL.getImap().getPort(), BOB, "b")) {
            alice.existing("INBOX").appendMessages(new Message[] {message("<phish-1@bad.example>", "ceo@bad.example", received),
                    message("<hello@good.example>", "friend@good.example", received)});
            alice.existing("Quarantine").appendMessages(new Message[] {message("<phish-2@bad.example>", "ceo@bad.example", received)});
            bob.existing("INBOX").appendMessages(new Message[] {message("<phish-1@bad.example>", "ceo@bad.example", received)});

            ImportReport first = importOverImap();
            assertThat(first.rejected()).isEmpty();
            assertThat(first.imported()).isEqualTo(3);
            assertThat(first.newCopies()).isEqualTo(1);
            ImportReport again = importOverImap();
            assertThat(again.imported() + again.newCopies()).isZero();
            assertThat(again.present()).isEqualTo(4);

            JsonNode quarantined = server.api.get("/accounts/" + TestServer.ACCOUNT + "/email-security/investigate?detections_only=false"
                    + "&delivery_status=quarantined", server.reader()).result();
            assertThat(quarantined).extracting(m -> m.get("message_id").asText()).containsExactly("phish-2@bad.example");

            Response created = server.api.post(TestServer.bulk(TestServer.ACCOUNT), "{\"action\": \"MOVE\", \"destination\": \"JunkEmail\","
                    + " \"search_params\": {\"detections_only\": false, \"sender\": \"bad.example\"}}", server.writer());
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            UUID job = UUID.fromString(created.result().get("job_id").asText());
            try (ImapProxy proxy = new ImapProxy(GREENMAIL.getImap().getPort());
                 ImapConnector imap = new ImapConnector(config(proxy.port()), Clock.systemUTC())) {
                new Worker(server.dragnet.database(), "node-a", Connectors.none().with(CopyLocation.Store.IMAP, imap),
                        EngineConfig.workers(1), server.clock, () -> 0.5, ActionThrottle.of(0), new HashSet<>(),
                        WriteGate.forVendor(vendor())).drain();
                // every copy was found by the UID import recorded, checked by its Message-ID header: no search
                assertThat(proxy.sent()).contains("UID MOVE").contains("HEADER.FIELDS (MESSAGE-ID)").doesNotContain("SEARCH");
            }

            JsonNode done = server.api.get(TestServer.bulk(TestServer.ACCOUNT) + "/" + job, server.writer()).result();
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
            assertThat(done.get("messages_successful").asInt()).isEqualTo(3);
            assertThat(alice.messageIds("Junk")).containsExactlyInAnyOrder("<phish-1@bad.example>", "<phish-2@bad.example>");
            assertThat(alice.messageIds("INBOX")).containsExactly("<hello@good.example>");
            assertThat(bob.messageIds("Junk")).containsExactly("<phish-1@bad.example>");

            // the index recorded each copy's new folder and UID: reading the mailboxes again adds nothing
            ImportReport afterJob = importOverImap();
            assertThat(afterJob.imported() + afterJob.newCopies()).isZero();
            assertThat(afterJob.present()).isEqualTo(4);
        }
    }
}
