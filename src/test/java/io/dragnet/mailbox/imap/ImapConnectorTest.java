package io.dragnet.mailbox.imap;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.dragnet.job.Destination;
import io.dragnet.mailbox.CopyOutcome;
import io.dragnet.mailbox.CopyRef;
import io.dragnet.mailbox.MailboxAction;
import io.dragnet.mailbox.imap.ImapLogin.Secret;
import io.dragnet.testing.ImapClient;
import io.dragnet.testing.ImapProxy;
import io.dragnet.testing.MutableClock;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The IMAP connector against GreenMail, an IMAP server running in the test's JVM (with MOVE and UIDPLUS). */
class ImapConnectorTest {
    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    private static final String ALICE = "alice@example.com";
    private static final String BOB = "bob@example.com";
    private static final Map<String, Secret> PASSWORDS = Map.of(ALICE, new Secret("alice-secret", "test"),
            BOB, new Secret("bob-secret", "test"));

    private ImapConnector connector;
    private final List<ImapClient> clients = new ArrayList<>();

    @BeforeEach
    void users() {
        GREENMAIL.setUser(ALICE, ALICE, "alice-secret");
        GREENMAIL.setUser(BOB, BOB, "bob-secret");
        connector = connector(server(true, 4, new ImapLogin.PerUser(PASSWORDS)));
    }

    @AfterEach
    void close() throws MessagingException {
        connector.close();
        for (ImapClient client : clients) {
            client.close();
        }
    }

    private static ImapServer server(boolean useMove, int maxConnections, ImapLogin login) {
        return server(GREENMAIL.getImap().getPort(), useMove, maxConnections, login);
    }

    private static ImapServer server(int port, boolean useMove, int maxConnections, ImapLogin login) {
        return new ImapServer("127.0.0.1", port, ImapServer.Security.NONE, true, login, "{address}",
                ImapServer.FolderNames.DEFAULT, true, useMove, maxConnections, Duration.ofSeconds(5));
    }

    private static ImapConnector connector(ImapServer server) {
        return new ImapConnector(new ImapConfig(Map.of("example.com", server)), Clock.systemUTC());
    }

    private ImapClient client(String user) throws MessagingException {
        ImapClient client = new ImapClient("127.0.0.1", GREENMAIL.getImap().getPort(), user, PASSWORDS.get(user).value());
        clients.add(client);
        return client;
    }

    private static CopyRef copy(String id, String maildirFolder, String messageId) {
        return new CopyRef(id, maildirFolder, "file-" + id, messageId);
    }

    private static MailboxAction move(Destination destination) {
        return new MailboxAction.Move(destination);
    }

    @ParameterizedTest
    @EnumSource(Destination.class)
    void moves_a_copy_to_each_destination(Destination destination) throws MessagingException {
        String source = destination == Destination.INBOX ? "Junk" : "INBOX";
        ImapClient alice = client(ALICE).append(source, "<one@bad.example>").append(source, "<keep@good.example>");

        List<CopyOutcome> outcomes = connector.act("example.com/alice", move(destination),
                List.of(copy("c1", source.equals("INBOX") ? "" : ".Junk", "one@bad.example")));

        String imapFolder = switch (destination) {
            case INBOX -> "INBOX";
            case JUNK_EMAIL -> "Junk";
            case DELETED_ITEMS -> "Trash";
            case RECOVERABLE_ITEMS_DELETIONS -> "Dragnet-Recoverable";
            case RECOVERABLE_ITEMS_PURGES -> null;
        };
        String indexFolder = imapFolder == null ? null : imapFolder.equals("INBOX") ? "" : "." + imapFolder;
        assertThat(outcomes).containsExactly(new CopyOutcome.Done("c1", indexFolder));
        assertThat(alice.messageIds(source)).containsExactly("<keep@good.example>");
        if (imapFolder != null) {
            assertThat(alice.messageIds(imapFolder)).containsExactly("<one@bad.example>");
        } else {
            for (String folder : alice.folders()) {
                assertThat(alice.messageIds(folder)).as(folder).doesNotContain("<one@bad.example>");
            }
        }
    }

    @Test
    void creates_the_recoverable_folder_unsubscribed_so_mail_clients_do_not_show_it() throws MessagingException {
        ImapClient alice = client(ALICE).append("INBOX", "<a@bad.example>").append("INBOX", "<b@bad.example>");
        connector.act("example.com/alice", move(Destination.RECOVERABLE_ITEMS_DELETIONS), List.of(copy("c1", "", "a@bad.example")));
        connector.act("example.com/alice", move(Destination.JUNK_EMAIL), List.of(copy("c2", "", "b@bad.example")));

        assertThat(alice.subscribed("Dragnet-Recoverable")).isFalse();
        assertThat(alice.subscribed("Junk")).isTrue();
    }

    @Test
    void moves_many_copies_of_one_mailbox_in_one_batch() throws MessagingException {
        List<String> ids = new ArrayList<>();
        List<CopyRef> copies = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            ids.add("<m" + i + "@bad.example>");
            copies.add(copy("c" + i, "", "m" + i + "@bad.example"));
        }
        ids.add("<clean@good.example>");
        // delivered inside GreenMail: its APPEND takes ~80 ms a message
        GreenMailUser user = GREENMAIL.getUserManager().getUser(ALICE);
        for (String id : ids) {
            user.deliver(ImapClient.message(Session.getInstance(new Properties()), id));
        }
        ImapClient alice = client(ALICE);

        List<CopyOutcome> outcomes = connector.act("example.com/alice", move(Destination.JUNK_EMAIL), copies);

        assertThat(outcomes).hasSize(120).allMatch(o -> o instanceof CopyOutcome.Done done && done.folder().equals(".Junk"));
        assertThat(alice.messageIds("Junk")).hasSize(120);
        assertThat(alice.messageIds("INBOX")).containsExactly("<clean@good.example>");
    }

    @Test
    void matches_the_whole_message_id_not_a_substring() throws MessagingException {
        ImapClient alice = client(ALICE).append("INBOX", "<id1@bad.example>").append("INBOX", "<id1@bad.example.org>")
                .append("INBOX", "<xid1@bad.example>");

        List<CopyOutcome> outcomes = connector.act("example.com/alice", move(Destination.JUNK_EMAIL),
                List.of(copy("c1", "", "id1@bad.example")));

        assertThat(outcomes).containsExactly(new CopyOutcome.Done("c1", ".Junk"));
        assertThat(alice.messageIds("Junk")).containsExactly("<id1@bad.example>");
        assertThat(alice.messageIds("INBOX")).containsExactlyInAnyOrder("<id1@bad.example.org>", "<xid1@bad.example>");
    }

    @Test
    void without_move_copies_and_expunges_only_its_own_uids() throws MessagingException {
        ImapConnector noMove = connector(server(false, 4, new ImapLogin.PerUser(PASSWORDS)));
        // another client's message marked deleted but not expunged: a plain EXPUNGE would remove it too
        ImapClient alice = client(ALICE).append("INBOX", "<bad@bad.example>")
                .append("INBOX", "<theirs@good.example>", Flags.Flag.DELETED);
        try (noMove) {
            List<CopyOutcome> outcomes = noMove.act("example.com/alice", move(Destination.DELETED_ITEMS),
                    List.of(copy("c1", "", "bad@bad.example")));
            assertThat(outcomes).containsExactly(new CopyOutcome.Done("c1", ".Trash"));
        }
        assertThat(alice.messageIds("Trash")).containsExactly("<bad@bad.example>");
        assertThat(alice.messageIds("INBOX")).containsExactly("<theirs@good.example>");
    }

    @Test
    void releases_from_quarantine_into_the_inbox_and_refuses_copies_that_are_not_quarantined() throws MessagingException {
        ImapClient alice = client(ALICE).append("Quarantine", "<held@ok.example>").append("Junk", "<junk@bad.example>");

        List<CopyOutcome> outcomes = connector.act("example.com/alice", new MailboxAction.Release(),
                List.of(copy("c1", ".Quarantine", "held@ok.example"), copy("c2", ".Junk", "junk@bad.example")));

        assertThat(outcomes).contains(new CopyOutcome.Done("c1", ""));
        assertThat(outcomes).filteredOn(o -> o.copyId().equals("c2")).singleElement()
                .isInstanceOfSatisfying(CopyOutcome.Failed.class, f -> assertThat(f.reason()).contains("Not quarantined"));
        assertThat(alice.messageIds("INBOX")).containsExactly("<held@ok.example>");
        assertThat(alice.messageIds("Quarantine")).isEmpty();
        assertThat(alice.messageIds("Junk")).containsExactly("<junk@bad.example>");
    }

    @Test
    void a_retried_copy_found_in_its_destination_is_already_done_and_one_found_nowhere_fails() throws MessagingException {
        client(ALICE).append("INBOX", "<once@bad.example>");
        connector.act("example.com/alice", move(Destination.JUNK_EMAIL), List.of(copy("c1", "", "once@bad.example")));

        List<CopyOutcome> again = connector.act("example.com/alice", move(Destination.JUNK_EMAIL),
                List.of(copy("c1", "", "once@bad.example"), copy("c2", "", "never@bad.example")));

        assertThat(again).contains(new CopyOutcome.AlreadyDone("c1", ".Junk", "Already in the junk folder."));
        assertThat(again).filteredOn(o -> o.copyId().equals("c2")).singleElement()
                .isInstanceOfSatisfying(CopyOutcome.Failed.class, f -> assertThat(f.reason()).contains("Not found in INBOX"));
        assertThat(client(ALICE).messageIds("Junk")).containsExactly("<once@bad.example>");
    }

    @Test
    void a_message_without_message_id_cannot_be_found_over_imap() {
        assertThat(connector.act("example.com/alice", move(Destination.JUNK_EMAIL), List.of(copy("c1", "", null))))
                .singleElement().isInstanceOfSatisfying(CopyOutcome.Failed.class,
                        f -> assertThat(f.reason()).contains("no Message-ID"));
    }

    @Test
    void a_refused_login_fails_each_copy_with_the_reason_and_keeps_the_password_out_of_it() {
        ImapConnector wrong = connector(server(true, 4, new ImapLogin.PerUser(Map.of(ALICE, new Secret("not-her-password", "test")))));
        try (wrong) {
            assertThat(wrong.act("example.com/alice", move(Destination.JUNK_EMAIL), List.of(copy("c1", "", "x@bad.example"))))
                    .singleElement().isInstanceOfSatisfying(CopyOutcome.Failed.class, f -> assertThat(f.reason())
                            .contains("refused the login for alice@example.com").doesNotContain("not-her-password"));
            assertThat(wrong.act("example.com/carol", move(Destination.JUNK_EMAIL), List.of(copy("c2", "", "x@bad.example"))))
                    .singleElement().isInstanceOfSatisfying(CopyOutcome.Failed.class, f -> assertThat(f.reason())
                            .isEqualTo("The credentials file has no password for carol@example.com."));
        }
    }

    @Test
    void a_domain_without_a_server_is_not_served_and_fails_if_asked() {
        assertThat(connector.serves("example.com/alice")).isTrue();
        assertThat(connector.serves("other.example/alice")).isFalse();
        assertThat(connector.act("other.example/alice", move(Destination.JUNK_EMAIL), List.of(copy("c1", "", "x@bad.example"))))
                .singleElement().isInstanceOf(CopyOutcome.Failed.class);
    }

    @Test
    void an_unreachable_server_is_retried_later() throws IOException {
        int closedPort = freePort();
        ImapConnector unreachable = connector(server(closedPort, true, 4, new ImapLogin.PerUser(PASSWORDS)));
        try (unreachable) {
            assertThat(unreachable.act("example.com/alice", move(Destination.JUNK_EMAIL), List.of(copy("c1", "", "x@bad.example"))))
                    .singleElement().isInstanceOfSatisfying(CopyOutcome.RetryLater.class,
                            r -> assertThat(r.reason()).startsWith("Cannot reach 127.0.0.1:" + closedPort));
        }
    }

    @Test
    void a_restarted_server_is_reconnected_to() throws Exception {
        int port = freePort();
        GreenMail first = restartedOn(port);
        ImapConnector reconnecting = connector(server(port, true, 4, new ImapLogin.PerUser(PASSWORDS)));
        try (reconnecting) {
            try (ImapClient alice = new ImapClient("127.0.0.1", port, ALICE, "alice-secret")) {
                alice.append("INBOX", "<first@bad.example>");
            }
            assertThat(reconnecting.act("example.com/alice", move(Destination.JUNK_EMAIL), List.of(copy("c1", "", "first@bad.example"))))
                    .containsExactly(new CopyOutcome.Done("c1", ".Junk"));

            first.stop(); // the connector's idle session is now a dead socket
            GreenMail second = restartedOn(port);
            try (ImapClient alice = new ImapClient("127.0.0.1", port, ALICE, "alice-secret")) {
                alice.append("INBOX", "<second@bad.example>");
                assertThat(reconnecting.act("example.com/alice", move(Destination.JUNK_EMAIL), List.of(copy("c2", "", "second@bad.example"))))
                        .containsExactly(new CopyOutcome.Done("c2", ".Junk"));
                assertThat(alice.messageIds("Junk")).containsExactly("<second@bad.example>");
            } finally {
                second.stop();
            }
        }
    }

    @Test
    void a_move_whose_reply_is_lost_is_retried_and_then_found_done() throws Exception {
        ImapClient alice = client(ALICE).append("INBOX", "<lost@bad.example>");
        try (ImapProxy proxy = new ImapProxy(GREENMAIL.getImap().getPort());
             ImapConnector behindProxy = connector(server(proxy.port(), true, 4, new ImapLogin.PerUser(PASSWORDS)))) {
            proxy.cutAfter("UID MOVE");

            List<CopyOutcome> first = behindProxy.act("example.com/alice", move(Destination.JUNK_EMAIL),
                    List.of(copy("c1", "", "lost@bad.example")));
            assertThat(first).singleElement().isInstanceOfSatisfying(CopyOutcome.RetryLater.class,
                    r -> assertThat(r.reason()).startsWith("The connection to 127.0.0.1:" + proxy.port() + " failed"));
            assertThat(alice.messageIds("Junk")).as("the server moved it").containsExactly("<lost@bad.example>");

            assertThat(behindProxy.act("example.com/alice", move(Destination.JUNK_EMAIL), List.of(copy("c1", "", "lost@bad.example"))))
                    .containsExactly(new CopyOutcome.AlreadyDone("c1", ".Junk", "Already in the junk folder."));
        }
    }

    private static GreenMail restartedOn(int port) {
        GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        greenMail.start();
        greenMail.setUser(ALICE, ALICE, "alice-secret");
        return greenMail;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void one_connection_in_all_still_serves_every_mailbox_in_turn() throws MessagingException {
        ImapConnector single = connector(server(true, 1, new ImapLogin.PerUser(PASSWORDS)));
        client(ALICE).append("INBOX", "<a1@bad.example>").append("INBOX", "<a2@bad.example>");
        client(BOB).append("INBOX", "<b1@bad.example>");
        try (single) {
            assertThat(single.act("example.com/alice", move(Destination.JUNK_EMAIL), List.of(copy("a1", "", "a1@bad.example"))))
                    .containsExactly(new CopyOutcome.Done("a1", ".Junk"));
            assertThat(single.act("example.com/bob", move(Destination.JUNK_EMAIL), List.of(copy("b1", "", "b1@bad.example"))))
                    .containsExactly(new CopyOutcome.Done("b1", ".Junk"));
            assertThat(single.act("example.com/alice", move(Destination.JUNK_EMAIL), List.of(copy("a2", "", "a2@bad.example"))))
                    .containsExactly(new CopyOutcome.Done("a2", ".Junk"));
        }
        assertThat(client(ALICE).messageIds("Junk")).containsExactlyInAnyOrder("<a1@bad.example>", "<a2@bad.example>");
        assertThat(client(BOB).messageIds("Junk")).containsExactly("<b1@bad.example>");
    }

    @Test
    void a_batch_whose_time_ran_out_starts_on_no_other_folder_and_has_its_copies_retried() throws MessagingException {
        ImapClient alice = client(ALICE).append("INBOX", "<a@bad.example>").append("Archive", "<b@bad.example>");
        ImapServer server = server(true, 4, new ImapLogin.PerUser(PASSWORDS));
        Instant start = Instant.parse("2026-12-01T12:00:00Z");
        // the time runs out once the batch has started on its first folder
        AtomicInteger reads = new AtomicInteger();
        Clock clock = new Clock() {
            @Override
            public Instant instant() {
                return reads.getAndIncrement() == 0 ? start : start.plus(server.timeout()).plusMillis(1);
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }
        };
        ImapBatch batch;
        try (ImapSession session = ImapSession.open(server, "alice", "example.com", start)) {
            batch = new ImapBatch(session, server, move(Destination.JUNK_EMAIL), clock, start.plus(server.timeout()));
            batch.run(List.of(copy("a", "", "a@bad.example"), copy("b", ".Archive", "b@bad.example")));
        }

        assertThat(batch.outcomes()).containsEntry("a", new CopyOutcome.Done("a", ".Junk"));
        assertThat(batch.outcomes().get("b")).isInstanceOfSatisfying(CopyOutcome.RetryLater.class, retry -> assertThat(retry.reason())
                .isEqualTo("Not reached within the batch's 5 s in alice@example.com on 127.0.0.1:" + server.port() + "; tried again later."));
        assertThat(alice.messageIds("Junk")).containsExactly("<a@bad.example>");
        assertThat(alice.messageIds("Archive")).containsExactly("<b@bad.example>");
    }

    @Test
    void a_batch_waits_for_its_mailboxs_connection_no_longer_than_its_deadline() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
        ImapServer server = server(true, 4, new ImapLogin.PerUser(PASSWORDS));
        try (ImapSessions sessions = new ImapSessions(server, clock);
             ImapSessions.Lease busy = sessions.borrow("alice", "example.com", clock.instant().plus(server.timeout()))) {
            assertThat(busy.session().connected()).isTrue();
            // another worker's batch of the same mailbox, whose time is up
            CompletableFuture<ImapSessions.Lease> second = CompletableFuture.supplyAsync(() -> {
                try {
                    return sessions.borrow("alice", "example.com", clock.instant());
                } catch (MessagingException e) {
                    throw new CompletionException(e);
                }
            });
            assertThat(second).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                    .havingCause().isInstanceOf(ImapSessions.BusyException.class)
                    .withMessage("Another batch of alice@example.com held its connection to 127.0.0.1:" + server.port()
                            + " until this batch's 5 s ran out.");
        }
    }
}
