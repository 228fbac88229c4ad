package io.dragnet.cli;

import io.dragnet.engine.EngineConfig;
import io.dragnet.engine.RetryPolicy;
import io.dragnet.index.CopyLocation;
import io.dragnet.mailbox.Connectors;
import io.dragnet.mailbox.imap.ImapConfig;
import io.dragnet.mailbox.imap.ImapConnector;
import io.dragnet.mailbox.maildir.MaildirConnector;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** How a node runs jobs and where the mailboxes are. {@code serve} and {@code worker} take these. */
final class EngineOptions {
    @Option(names = "--workers", paramLabel = "N", defaultValue = "${env:DRAGNET_WORKERS:-4}",
            description = "Threads acting on jobs; 0 runs no engine on this node (env DRAGNET_WORKERS; default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--mail-root", paramLabel = "DIR", defaultValue = "${env:DRAGNET_MAIL_ROOT}",
            description = "The Dovecot-style Maildir tree (DIR/<domain>/<user>/) the mail was imported from; jobs move"
                    + " files in it (env DRAGNET_MAIL_ROOT). Without it, jobs fail their Maildir copies and say why.")
    Path mailRoot;

    @Option(names = "--imap-config", paramLabel = "FILE", defaultValue = "${env:DRAGNET_IMAP_CONFIG}",
            description = "YAML file naming the IMAP server of each mail domain and how to log in (see the README);"
                    + " jobs act over IMAP on those domains' mailboxes (env DRAGNET_IMAP_CONFIG).")
    Path imapConfig;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "${env:DRAGNET_BATCH_SIZE:-500}",
            description = "Most copies of one mailbox a worker takes at once (env DRAGNET_BATCH_SIZE; default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--max-rate", paramLabel = "N", defaultValue = "${env:DRAGNET_MAX_RATE:-0}",
            description = "Most copies this node acts on per second, to spare the mail server; 0 for no cap"
                    + " (env DRAGNET_MAX_RATE; default ${DEFAULT-VALUE}).")
    int maxRate;

    @Option(names = "--lease-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${env:DRAGNET_LEASE_TIMEOUT:-60s}",
            description = "How long a node may miss heartbeats before other nodes take over its work"
                    + " (env DRAGNET_LEASE_TIMEOUT; default ${DEFAULT-VALUE}).")
    Duration leaseTimeout;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "${env:DRAGNET_MAX_ATTEMPTS:-5}",
            description = "Attempts per copy when errors are transient, the first included (env DRAGNET_MAX_ATTEMPTS;"
                    + " default ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--retry-delay", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${env:DRAGNET_RETRY_DELAY:-10s}",
            description = "The wait before the first retry; it doubles each time, up to 15 minutes, with jitter"
                    + " (env DRAGNET_RETRY_DELAY; default ${DEFAULT-VALUE}).")
    Duration retryDelay;

    @Option(names = "--junk-folder", defaultValue = "${env:DRAGNET_JUNK_FOLDER:-.Junk}",
            description = "Maildir folder for JunkEmail (env DRAGNET_JUNK_FOLDER; default ${DEFAULT-VALUE}).")
    String junkFolder;

    @Option(names = "--trash-folder", defaultValue = "${env:DRAGNET_TRASH_FOLDER:-.Trash}",
            description = "Maildir folder for DeletedItems (env DRAGNET_TRASH_FOLDER; default ${DEFAULT-VALUE}).")
    String trashFolder;

    @Option(names = "--quarantine-folder", defaultValue = "${env:DRAGNET_QUARANTINE_FOLDER:-.Quarantine}",
            description = "Maildir folder RELEASE takes mail out of (env DRAGNET_QUARANTINE_FOLDER; default ${DEFAULT-VALUE}).")
    String quarantineFolder;

    @Option(names = "--recoverable-folder", defaultValue = "${env:DRAGNET_RECOVERABLE_FOLDER:-dragnet-recoverable}",
            description = "Folder for RecoverableItemsDeletions, hidden from mail clients; an administrator restores"
                    + " from it (env DRAGNET_RECOVERABLE_FOLDER; default ${DEFAULT-VALUE}).")
    String recoverableFolder;

    @Option(names = "--purge-retention", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${env:DRAGNET_PURGE_RETENTION:-0s}",
            description = "Keep purged mail in a hidden folder this long before deleting it, so a mistaken purge can be"
                    + " undone; 0s deletes at once (env DRAGNET_PURGE_RETENTION; default ${DEFAULT-VALUE}).")
    Duration purgeRetention;

    @Option(names = "--purged-folder", defaultValue = "${env:DRAGNET_PURGED_FOLDER:-dragnet-purged}",
            description = "Folder that keeps purged mail during --purge-retention, hidden from mail clients"
                    + " (env DRAGNET_PURGED_FOLDER; default ${DEFAULT-VALUE}).")
    String purgedFolder;

    EngineConfig config() {
        RetryPolicy retry = new RetryPolicy(maxAttempts, retryDelay,
                retryDelay.compareTo(RetryPolicy.DEFAULT.maxDelay()) > 0 ? retryDelay : RetryPolicy.DEFAULT.maxDelay());
        return new EngineConfig(workers, batchSize, leaseTimeout, EngineConfig.NONE.pollInterval(), retry, maxRate);
    }

    /** IMAP first, for the domains its configuration names; the Maildir tree for the rest. */
    Connectors connectors() {
        Connectors connectors = Connectors.none();
        if (imapConfig != null) {
            ImapConnector imap = new ImapConnector(ImapConfig.load(imapConfig, System.getenv()), Clock.systemUTC());
            connectors = connectors.with(CopyLocation.Store.IMAP, imap).with(CopyLocation.Store.MAILDIR, imap);
        }
        if (mailRoot == null) {
            return connectors;
        }
        if (!Files.isDirectory(mailRoot)) {
            throw new IllegalArgumentException("--mail-root " + mailRoot + " is not a directory.");
        }
        MaildirConnector.Folders folders = new MaildirConnector.Folders(junkFolder, trashFolder, quarantineFolder, recoverableFolder,
                purgedFolder);
        return connectors.with(CopyLocation.Store.MAILDIR, new MaildirConnector(mailRoot, folders, MaildirConnector.FileOps.DEFAULT,
                new MaildirConnector.Purge(purgeRetention, Clock.systemUTC())));
    }
}
