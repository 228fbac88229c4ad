package io.dragnet.cli;

import io.dragnet.auth.AccountStore;
import io.dragnet.index.ImportReport;
import io.dragnet.index.Importer;
import io.dragnet.index.MaildirTree;
import io.dragnet.index.VerdictRules;
import io.dragnet.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import mail into an account's message index: Maildir trees (ROOT/<domain>/<user>/ as Dovecot"
                + " keeps them, or one Maildir), mbox files and single .eml files, recognized by their shape.",
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

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Maildir trees, mbox files or .eml files.")
    List<Path> paths;

    @Override
    public void run() {
        VerdictRules rules = verdictRules == null ? VerdictRules.defaults() : VerdictRules.load(verdictRules);
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = System.console() != null;
        try (Database database = store.open()) {
            new AccountStore(database).require(account);
            Importer importer = new Importer(database, rules, new MaildirTree.Folders(quarantineFolder, junkFolder), Clock.systemUTC());
            ImportReport report = importer.run(account, paths, progress -> {
                if (terminal) {
                    err.printf("\r%,d messages read, %,d new (%,.0f messages/s)", progress.seen(), progress.imported(),
                            progress.seen() / Math.max(progress.seconds(), 0.001));
                    err.flush();
                }
            });
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
