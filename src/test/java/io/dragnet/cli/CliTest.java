package io.dragnet.cli;

import io.dragnet.store.Database;
import io.dragnet.store.DeferredIndexes;
import io.dragnet.store.Vendor;
import io.dragnet.testing.SampleMail;
import io.dragnet.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code dragnet} commands as a user runs them: what they print, and what they change. */
class CliTest {
    @TempDir
    Path data;

    record Run(int exitCode, String out, String err) {
        String line() {
            assertThat(out.lines().toList()).as("stdout of a command that prints one value: %s / %s", out, err).hasSize(1);
            return out.strip();
        }
    }

    static Run dragnet(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    Run onData(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data");
        all.add(data.toString());
        return dragnet(all.toArray(String[]::new));
    }

    @Test
    void account_create_prints_a_32_hex_id_or_the_one_given() {
        assertThat(onData("account", "create", "--name", "Acme").line()).matches("[0-9a-f]{32}");
        assertThat(onData("account", "create", "--name", "Globex", "--id", "globex-prod").line()).isEqualTo("globex-prod");
        assertThat(onData("account", "list").out()).contains("globex-prod").contains("Acme");

        Run duplicate = onData("account", "create", "--name", "Again", "--id", "globex-prod");
        assertThat(duplicate.exitCode()).isEqualTo(1);
        assertThat(duplicate.err()).contains("already exists").doesNotContain("Exception");
        Run badId = onData("account", "create", "--name", "Bad", "--id", "has spaces");
        assertThat(badId.exitCode()).isEqualTo(1);
        assertThat(badId.err()).contains("1 to 32 letters");
    }

    @Test
    void token_create_prints_only_the_token_and_list_never_shows_it() {
        String account = onData("account", "create", "--name", "Acme").line();
        String token = onData("token", "create", "--account", account, "--permission", "write", "--name", "soc").line();
        assertThat(token).matches("dgn_[A-Za-z0-9_-]{43}");

        Run list = onData("token", "list");
        assertThat(list.out()).contains("soc").contains("active").contains("write").contains(account).doesNotContain(token);

        String id = list.out().strip().split("\\s+")[0];
        assertThat(onData("token", "revoke", id).out()).contains("revoked " + id);
        assertThat(onData("token", "list").out()).contains("revoked");
        Run again = onData("token", "revoke", id);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("No active token");
    }

    @Test
    void token_create_refuses_an_unknown_account_or_permission_with_a_clear_message() {
        Run unknown = onData("token", "create", "--account", "nope", "--permission", "read");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("No account with id nope").doesNotContain("Exception");
        assertThat(unknown.out()).isEmpty();

        Run badPermission = onData("token", "create", "--account", "nope", "--permission", "admin");
        assertThat(badPermission.exitCode()).isEqualTo(2);
        assertThat(badPermission.err()).contains("--permission").contains("READ, WRITE");

        Run badDuration = onData("token", "create", "--account", "nope", "--permission", "read", "--expires-in", "soon");
        assertThat(badDuration.exitCode()).isEqualTo(2);
        assertThat(badDuration.err()).contains("not a duration");
    }

    @Test
    void user_create_prints_a_global_key_that_works_with_the_email() {
        String account = onData("account", "create", "--name", "Acme").line();
        assertThat(onData("user", "create", "--email", "ana@example.com", "--account", account).line()).matches("[0-9a-f]{37}");
        Run bad = onData("user", "create", "--email", "not-an-email", "--account", account);
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("not an email address");
    }

    @Test
    void import_reads_a_maildir_tree_and_an_mbox_and_says_what_it_did() throws Exception {
        onData("account", "create", "--name", "Acme", "--id", "acme");
        Path mail = data.resolve("mail");
        Path cur = Files.createDirectories(mail.resolve("example.com/alice/cur"));
        Files.writeString(cur.resolve("1795435205.M1P1.mx1:2,S"), SampleMail.PHISH);
        Files.write(cur.resolve("1795435206.M2P1.mx1:2,S"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0});
        Path mbox = data.resolve("archive.mbox");
        Files.writeString(mbox, "From a@b Mon Nov 23 10:00:00 2026\nFrom: x@y.example\nTo: q@example.net\nSubject: one\n\nhi\n");

        Run first = onData("import", "--account", "acme", mail.toString(), mbox.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("imported 2 messages").contains("0 already present").contains("1 rejected")
                .contains("1795435206.M2P1.mx1:2,S: not an email message");

        Run again = onData("import", "--account", "acme", mail.toString(), mbox.toString());
        assertThat(again.out()).contains("imported 0 messages").contains("2 already present");

        Run unknown = onData("import", "--account", "nope", mail.toString());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("No account with id nope");

        Run badRules = onData("import", "--account", "acme", "--verdict-rules", mbox.toString(), mail.toString());
        assertThat(badRules.exitCode()).isEqualTo(1);
        assertThat(badRules.err()).contains("verdict rules");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "serve", "import", "account", "account create", "account list", "token", "token create", "token list",
            "token revoke", "user", "user create"})
    void every_command_has_help(String command) {
        List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
        args.add("--help");
        Run help = dragnet(args.toArray(String[]::new));
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: dragnet");
    }

    @Test
    void import_needs_something_to_read_and_imap_mailboxes_need_a_configuration() {
        assertThat(onData("account", "create", "--name", "Acme", "--id", "0123456789abcdef0123456789abcdef").exitCode()).isZero();
        Run nothing = onData("import", "--account", "0123456789abcdef0123456789abcdef");
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.err()).contains("Name a PATH to import, or --imap-mailbox ADDRESS.").doesNotContain("\tat ");

        Run noConfig = onData("import", "--account", "0123456789abcdef0123456789abcdef", "--imap-mailbox", "alice@example.com");
        assertThat(noConfig.exitCode()).isEqualTo(2);
        assertThat(noConfig.err()).contains("--imap-mailbox needs --imap-config FILE").doesNotContain("\tat ");
    }

    @Test
    void a_mistake_in_the_imap_configuration_is_one_clear_line_naming_the_field() throws Exception {
        Path config = Files.writeString(data.resolve("imap.yaml"), """
                domains:
                  example.com:
                    host: imap.example.com
                    port: 99999
                    login: {method: master, user: dragnet, password_env: DRAGNET_TEST_UNSET_VARIABLE}
                """);
        Run run = onData("worker", "--imap-config", config.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("dragnet: " + config + ": domains.example.com.port: must be 1 to 65535")
                .doesNotContain("\tat ");
    }

    @Test
    void a_postgresql_pool_the_workers_would_fill_is_refused_before_anything_starts() {
        for (String command : List.of("serve", "worker")) {
            // port 1: had the command tried to connect, it would say it could not
            Run run = dragnet(command, "--db", "jdbc:postgresql://127.0.0.1:1/none", "--workers", "8", "--db-pool-size", "8");
            assertThat(run.exitCode()).as(command).isEqualTo(1);
            assertThat(run.err()).as(command).isEqualTo("dragnet: --db-pool-size 8 leaves no connection beside --workers 8: on PostgreSQL"
                    + " each worker holds one while it acts. Set --db-pool-size to at least 9, or run fewer workers." + System.lineSeparator());
        }
        Run enough = dragnet("worker", "--db", "jdbc:postgresql://127.0.0.1:1/none", "--workers", "8", "--db-pool-size", "9");
        assertThat(enough.err()).startsWith("dragnet: Could not connect to the database");
    }

    @Test
    void a_pool_too_small_to_open_the_store_is_refused_before_anything_connects() {
        // port 1: had the command tried to connect, it would say it could not
        Run run = dragnet("account", "list", "--db", "jdbc:postgresql://127.0.0.1:1/none", "--db-pool-size", "1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("dragnet: --db-pool-size 1 is too small: opening the store takes 2 connections"
                + " (its schema migration holds a second one). Set --db-pool-size to at least 2." + System.lineSeparator());
    }

    @Test
    void an_unreachable_database_is_one_clear_line() {
        Run run = dragnet("account", "list", "--db", "jdbc:postgresql://127.0.0.1:1/none", "--db-pool-size", "2");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("dragnet: Could not connect to the database at jdbc:postgresql://127.0.0.1:1/none")
                .doesNotContain("\tat ");
    }

    @Test
    void an_import_beside_a_first_import_still_loading_is_refused_in_one_line() throws Exception {
        Path cur = Files.createDirectories(data.resolve("mail/example.com/alice/cur"));
        Files.writeString(cur.resolve("1795435205.M1P1.mx1:2,S"), SampleMail.PHISH);
        try (TestDatabase test = TestDatabase.of(Vendor.POSTGRESQL); Database other = Database.open(test.config())) {
            String url = test.config().jdbcUrl();
            String account = dragnet("account", "create", "--name", "Pg", "--db", url).line();
            // as another process's first import does, until it ends
            try (DeferredIndexes loading = other.deferIndexes(List.of("messages_postfix_id"), Clock.systemUTC())) {
                Run refused = dragnet("import", "--account", account, "--db", url, data.resolve("mail").toString());
                assertThat(refused.exitCode()).isEqualTo(1);
                assertThat(refused.err()).startsWith("dragnet: another import is loading this store's empty index")
                        .contains("messages_postfix_id").hasLineCount(1);
            }
            Run after = dragnet("import", "--account", account, "--db", url, data.resolve("mail").toString());
            assertThat(after.out()).contains("imported 1 messages");
        }
    }

    @Test
    void commands_act_on_a_postgresql_store_named_by_db() {
        try (TestDatabase database = TestDatabase.of(Vendor.POSTGRESQL)) {
            String url = database.config().jdbcUrl();
            String account = dragnet("account", "create", "--name", "Pg", "--db", url).line();
            String token = dragnet("token", "create", "--account", account, "--permission", "read", "--db", url).line();
            assertThat(dragnet("token", "list", "--db", url).out()).contains(account).doesNotContain(token);
        }
    }
}
