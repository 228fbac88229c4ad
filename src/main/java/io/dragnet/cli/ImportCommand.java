package io.dragnet.cli;

import io.dragnet.auth.AccountStore;
import io.dragnet.index.ImportReport;
import io.dragnet.index.Importer;
import io.dragnet.index.MailFeed;
import io.dragnet.index.MaildirTree;
import io.dragnet.index.VerdictRules;
import io.dragnet.mailbox.imap.ImapConfig;
import io.dragnet.mailbox.imap.ImapMailboxFeed;
import io.dragnet.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import mail into an account's message index: Maildir trees (ROOT/<domain>/<user>/ as Dovecot"
                + " keeps them, or one Maildir), mbox files and single .eml files, recognized by their shape;"
                + " and mailboxes read over IMAP (--imap-mailbox).",
                "Importing the same files again adds nothing."})
final class ImportCommand implements Runnable {
    /** How many rejected files the summary names; the count covers all of them. */
    private static final int REJECTIONS_SHOWN = 20;

    @Spec
    CommandSpec spec;
    @Mixin
    StoreOptions store;

    @Option(names = "--account", required = true, paramLabel = "ID", description = "The account the mail belongs to.")
    String account;

    @Option(names = "--verdict-rules", paramLabel = "FILE",
            description = "Map spam-filter headers to verdicts with this table instead of the built-in one (same JSON shape).")
    Path verdictRules;

    @Option(names = "--quarantine-folder", defaultValue = "${env:DRAGNET_QUARANTINE_FOLDER:-.Quarantine}",
            description = "The Maildir++ folder that holds quarantined mail (default ${DEFAULT-VALUE}).")
    String quarantineFolder;

    @Option(names = "--junk-folder", defaultValue = "${env:DRAGNET_JUNK_FOLDER:-.Junk}",
            description = "The Maildir++ junk folder (default ${DEFAULT-VALUE}).")
    String junkFolder;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Maildir trees, mbox files or .eml files.")
    List<Path> paths = List.of();

    @Option(names = "--imap-config", paramLabel = "FILE", defaultValue = "${env:DRAGNET_IMAP_CONFIG}",
            description = "The IMAP configuration (as for serve) to read --imap-mailbox mailboxes with (env DRAGNET_IMAP_CONFIG).")
    Path imapConfig;

    @Option(names = "--imap-mailbox", paramLabel = "ADDRESS", split = ",",
            description = "Read this user's mailbox (user@domain) over IMAP, every folder; repeat or separate with commas.")
    List<String> imapMailboxes = List.of();

    @Override
    public void run() {
        if (paths.isEmpty() && imapMailboxes.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Name a PATH to import, or --imap-mailbox ADDRESS.");
        }
        if (!imapMailboxes.isEmpty() && imapConfig == null) {
            throw new ParameterException(spec.commandLine(), "--imap-mailbox needs --imap-config FILE, the servers to read from.");
        }
        List<MailFeed> imap = new ArrayList<>();
        if (!imapMailboxes.isEmpty()) {
            ImapConfig config = ImapConfig.load(imapConfig, System.getenv());
            imapMailboxes.forEach(address -> imap.add(new ImapMailboxFeed(config, address.strip(), Clock.systemUTC())));
        }
        VerdictRules rules = verdictRules == null ? VerdictRules.defaults() : VerdictRules.load(verdictRules);
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = System.console() != null;
        try (Database database = store.open()) {
            new AccountStore(database).require(account);
            Importer importer = new Importer(database, rules, new MaildirTree.Folders(quarantineFolder, junkFolder), Clock.systemUTC());
            Consumer<Importer.Progress> show = progress -> {
                if (terminal) {
                    err.printf("\r%,d messages read, %,d new (%,.0f messages/s)", progress.seen(), progress.imported(),
                            progress.seen() / Math.max(progress.seconds(), 0.001));
                    if (progress.stage() == Importer.Stage.BUILDING_INDEXES) {
                        err.print("; building the search indexes");
                    }
                    err.flush();
                }
            };
            List<MailFeed> feeds = new ArrayList<>();
            paths.forEach(path -> feeds.add(importer.fileFeed(path)));
            feeds.addAll(imap);
            ImportReport report = importer.importFrom(account, feeds, show);
            if (terminal) {
                err.println();
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("imported %,d messages, %,d more copies of known messages; %,d already present; %,d rejected"
                            + " (%.1f s, %,.0f messages/s)%n", report.imported(), report.newCopies(), report.present(),
                    report.rejected().size(), report.seconds(), report.seen() / Math.max(report.seconds(), 0.001));
            report.rejected().stream().limit(REJECTIONS_SHOWN)
                    .forEach(r -> out.println("  rejected " + r.origin() + ": " + r.reason()));
            if (report.rejected().size() > REJECTIONS_SHOWN) {
                out.println("  … and " + (report.rejected().size() - REJECTIONS_SHOWN) + " more");
            }
        }
    }
}
