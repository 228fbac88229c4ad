package io.dragnet.mailbox.maildir;

import io.dragnet.job.Destination;
import io.dragnet.mailbox.CopyOutcome;
import io.dragnet.mailbox.CopyRef;
import io.dragnet.mailbox.MailboxAction;
import io.dragnet.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class MaildirConnectorTest {
    static final String READ = "1795435205.M1P1.mx1";
    static final String UNSEEN = "1795435206.M2P1.mx1";
    static final String HELD = "1795435207.M3P1.mx1";

    @TempDir
    Path root;
    Path alice;
    MaildirConnector connector;

    @BeforeEach
    void mailbox() throws IOException {
        alice = root.resolve("example.com/alice");
        for (String dir : List.of("cur", "new", "tmp", ".Quarantine/cur", ".Quarantine/new", ".Quarantine/tmp")) {
            Files.createDirectories(alice.resolve(dir));
        }
        Files.writeString(alice.resolve("cur/" + READ + ":2,RS"), "Subject: read\n\nx\n");
        Files.writeString(alice.resolve("new/" + UNSEEN), "Subject: unseen\n\nx\n");
        Files.writeString(alice.resolve(".Quarantine/cur/" + HELD + ":2,S"), "Subject: held\n\nx\n");
        connector = new MaildirConnector(root, MaildirConnector.Folders.DEFAULT, MaildirConnector.FileOps.DEFAULT);
    }

    CopyOutcome act(MailboxAction action, CopyRef copy) {
        List<CopyOutcome> outcomes = connector.act("example.com/alice", action, List.of(copy));
        assertThat(outcomes).hasSize(1);
        assertThat(outcomes.get(0).copyId()).isEqualTo(copy.id());
        return outcomes.get(0);
    }

    /** Every file of the mailbox by path relative to it: where each copy is, and that it is in one place only. */
    List<String> files() throws IOException {
        try (Stream<Path> all = Files.walk(alice)) {
            return all.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("maildirfolder"))
                    .map(p -> alice.relativize(p).toString()).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "JUNK_EMAIL | .Junk/cur/" + READ + ":2,RS | true",
            "DELETED_ITEMS | .Trash/cur/" + READ + ":2,RS | true",
            "RECOVERABLE_ITEMS_DELETIONS | dragnet-recoverable/cur/" + READ + ":2,RS | false"})
    void a_move_renames_the_file_into_the_destination_keeping_its_flags(Destination destination, String expected,
                                                                        boolean maildirPlusPlus) throws IOException {
        CopyOutcome outcome = act(new MailboxAction.Move(destination), new CopyRef("row-1", "", READ, null));
        assertThat(outcome).isInstanceOf(CopyOutcome.Done.class);
        assertThat(files()).contains(expected).doesNotContain("cur/" + READ + ":2,RS").hasSize(3);
        String folder = expected.substring(0, expected.indexOf('/'));
        assertThat(Files.exists(alice.resolve(folder).resolve("maildirfolder"))).isEqualTo(maildirPlusPlus);
        assertThat(Files.isDirectory(alice.resolve(folder).resolve("tmp"))).isTrue();
    }

    @Test
    void an_unseen_message_stays_unseen_in_new() throws IOException {
        assertThat(act(new MailboxAction.Move(Destination.JUNK_EMAIL), new CopyRef("row-1", "", UNSEEN, null)))
                .isInstanceOf(CopyOutcome.Done.class);
        assertThat(files()).contains(".Junk/new/" + UNSEEN);
    }

    @Test
    void a_retried_move_neither_duplicates_nor_loses_the_file() throws IOException {
        MailboxAction toJunk = new MailboxAction.Move(Destination.JUNK_EMAIL);
        act(toJunk, new CopyRef("row-1", "", READ, null));
        List<String> after = files();
        CopyOutcome again = act(toJunk, new CopyRef("row-1", "", READ, null));
        assertThat(again).isInstanceOfSatisfying(CopyOutcome.AlreadyDone.class,
                done -> assertThat(done.reason()).isEqualTo("Already in .Junk."));
        assertThat(files()).isEqualTo(after);
    }

    @Test
    void a_copy_hard_linked_into_the_destination_leaves_its_folder_and_the_message_is_there_once() throws IOException {
        // Dovecot copies a message within a mailbox as a hard link; a rename onto it would do nothing
        Files.createDirectories(alice.resolve(".Junk/cur"));
        Files.createLink(alice.resolve(".Junk/cur/" + READ + ":2,RS"), alice.resolve("cur/" + READ + ":2,RS"));

        assertThat(act(new MailboxAction.Move(Destination.JUNK_EMAIL), new CopyRef("row-1", "", READ, null)))
                .isEqualTo(new CopyOutcome.Done("row-1", ".Junk", null));
        assertThat(files()).contains(".Junk/cur/" + READ + ":2,RS").doesNotContain("cur/" + READ + ":2,RS").hasSize(3);
    }

    @Test
    void a_copy_moved_onto_another_message_of_its_name_takes_a_name_of_its_own_and_replaces_nothing() throws IOException {
        Files.createDirectories(alice.resolve(".Junk/cur"));
        Files.writeString(alice.resolve(".Junk/cur/" + READ + ":2,RS"), "Subject: another\n\ny\n");

        CopyOutcome outcome = act(new MailboxAction.Move(Destination.JUNK_EMAIL), new CopyRef("row-1", "", READ, null));

        assertThat(outcome).isInstanceOfSatisfying(CopyOutcome.Done.class, done -> {
            assertThat(done.folder()).isEqualTo(".Junk");
            assertThat(done.location()).startsWith(READ + ".dragnet-").doesNotContain(":").doesNotContain("/");
            assertThat(alice.resolve(".Junk/cur/" + done.location() + ":2,RS")).hasContent("Subject: read\n\nx\n");
        });
        assertThat(alice.resolve(".Junk/cur/" + READ + ":2,RS")).hasContent("Subject: another\n\ny\n");
        assertThat(files()).doesNotContain("cur/" + READ + ":2,RS").hasSize(4);
        // a retry finds nothing left to do
        assertThat(act(new MailboxAction.Move(Destination.JUNK_EMAIL), new CopyRef("row-1", "", READ, null)))
                .isInstanceOf(CopyOutcome.AlreadyDone.class);
    }

    @Test
    void moving_to_the_folder_a_copy_is_in_is_already_done() throws IOException {
        assertThat(act(new MailboxAction.Move(Destination.INBOX), new CopyRef("row-1", "", READ, null)))
                .isInstanceOf(CopyOutcome.AlreadyDone.class);
        assertThat(files()).contains("cur/" + READ + ":2,RS");
    }

    @Test
    void a_purge_removes_the_file_for_good_and_a_retry_is_already_done() throws IOException {
        MailboxAction purge = new MailboxAction.Move(Destination.RECOVERABLE_ITEMS_PURGES);
        assertThat(act(purge, new CopyRef("row-1", "", READ, null))).isInstanceOf(CopyOutcome.Done.class);
        assertThat(files()).noneMatch(f -> f.contains(READ));
        assertThat(act(purge, new CopyRef("row-1", "", READ, null))).isInstanceOf(CopyOutcome.AlreadyDone.class);
    }

    @Test
    void with_a_retention_a_purge_hides_the_file_until_the_window_ends_then_upkeep_deletes_it() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
        MaildirConnector keeping = new MaildirConnector(root, MaildirConnector.Folders.DEFAULT, MaildirConnector.FileOps.DEFAULT,
                new MaildirConnector.Purge(Duration.ofDays(7), clock));
        MailboxAction purge = new MailboxAction.Move(Destination.RECOVERABLE_ITEMS_PURGES);

        assertThat(keeping.act("example.com/alice", purge, List.of(new CopyRef("row-1", "", READ, null))))
                .containsExactly(new CopyOutcome.Done("row-1", null));
        assertThat(files()).contains("dragnet-purged/cur/" + READ + ":2,RS").doesNotContain("cur/" + READ + ":2,RS");
        assertThat(keeping.act("example.com/alice", purge, List.of(new CopyRef("row-1", "", READ, null))).get(0))
                .isInstanceOf(CopyOutcome.AlreadyDone.class);

        clock.advance(Duration.ofDays(7).minusMinutes(1));
        keeping.housekeep();
        assertThat(files()).contains("dragnet-purged/cur/" + READ + ":2,RS");
        clock.advance(Duration.ofMinutes(2));
        keeping.housekeep();
        assertThat(files()).noneMatch(f -> f.contains(READ)).contains("new/" + UNSEEN);
    }

    @Test
    void release_delivers_a_quarantined_copy_to_the_inbox_as_new_mail() throws IOException {
        assertThat(act(new MailboxAction.Release(), new CopyRef("row-1", ".Quarantine", HELD, null))).isInstanceOf(CopyOutcome.Done.class);
        assertThat(files()).contains("new/" + HELD).noneMatch(f -> f.startsWith(".Quarantine/"));
        assertThat(act(new MailboxAction.Release(), new CopyRef("row-1", ".Quarantine", HELD, null)))
                .isInstanceOf(CopyOutcome.AlreadyDone.class);
    }

    @Test
    void release_of_a_copy_that_is_not_quarantined_fails_and_changes_nothing() throws IOException {
        List<String> before = files();
        assertThat(act(new MailboxAction.Release(), new CopyRef("row-1", "", READ, null)))
                .isInstanceOfSatisfying(CopyOutcome.Failed.class, f -> assertThat(f.reason()).startsWith("Not quarantined"));
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void a_copy_that_is_nowhere_fails_with_where_it_was_looked_for() {
        assertThat(act(new MailboxAction.Move(Destination.JUNK_EMAIL), new CopyRef("row-1", "", "1795435299.M9P9.mx1", null)))
                .isInstanceOfSatisfying(CopyOutcome.Failed.class,
                        f -> assertThat(f.reason()).isEqualTo("Not found in the inbox of the mailbox."));
    }

    @Test
    void an_unknown_mailbox_or_a_path_outside_the_root_fails_every_copy() {
        List<CopyRef> copies = List.of(new CopyRef("a", "", READ, null), new CopyRef("b", "", UNSEEN, null));
        for (String mailbox : List.of("example.com/nobody", "../example.com/alice", "")) {
            List<CopyOutcome> outcomes = connector.act(mailbox, new MailboxAction.Move(Destination.JUNK_EMAIL), copies);
            assertThat(outcomes).extracting(CopyOutcome::copyId).containsExactly("a", "b");
            assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(CopyOutcome.Failed.class));
        }
    }

    @Test
    void a_file_system_error_is_retried_later_and_the_copy_stays_put() throws IOException {
        MaildirConnector failing = new MaildirConnector(root, MaildirConnector.Folders.DEFAULT, new MaildirConnector.FileOps() {
            @Override
            public void move(Path from, Path to) throws IOException {
                throw new IOException("No space left on device");
            }
        });
        List<String> before = files();
        List<CopyOutcome> outcomes = failing.act("example.com/alice", new MailboxAction.Move(Destination.JUNK_EMAIL),
                List.of(new CopyRef("row-1", "", READ, null)));
        assertThat(outcomes.get(0)).isInstanceOfSatisfying(CopyOutcome.RetryLater.class,
                r -> assertThat(r.reason()).contains("No space left on device"));
        assertThat(files()).containsAll(before);
    }

    @Test
    void a_batch_gets_one_outcome_per_copy() throws IOException {
        List<CopyOutcome> outcomes = connector.act("example.com/alice", new MailboxAction.Move(Destination.DELETED_ITEMS), List.of(
                new CopyRef("1", "", READ, null), new CopyRef("2", "", UNSEEN, null), new CopyRef("3", "", "missing", null),
                new CopyRef("4", "", READ, null)));
        assertThat(outcomes).extracting(CopyOutcome::copyId).containsExactly("1", "2", "3", "4");
        assertThat(outcomes.get(0)).isInstanceOf(CopyOutcome.Done.class);
        assertThat(outcomes.get(1)).isInstanceOf(CopyOutcome.Done.class);
        assertThat(outcomes.get(2)).isInstanceOf(CopyOutcome.Failed.class);
        assertThat(outcomes.get(3)).isInstanceOf(CopyOutcome.AlreadyDone.class);
        assertThat(files()).contains(".Trash/cur/" + READ + ":2,RS", ".Trash/new/" + UNSEEN);
    }
}
