package io.dragnet.index;

import io.dragnet.search.DeliveryStatus;
import io.dragnet.store.Database;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads mail from Maildir trees, mbox files and .eml files into an account's index: parse,
 * identify, then write in batches. One message is in memory at a time per batch slot; an mbox of
 * any size streams through.
 */
public final class Importer {
    static final int BATCH_SIZE = 500;
    private static final List<String> INDEX_TABLES = List.of("messages", "message_recipients", "message_copies",
            "message_link_domains", "message_attachments", "message_threats");

    private final Database database;
    private final IndexWriter writer;
    private final MessageParser parser;
    private final MaildirTree.Folders folders;
    private final Clock clock;

    /** Progress after every batch: messages seen so far, for a terminal to show. */
    public record Progress(long seen, long imported, double seconds) {
    }

    public Importer(Database database, VerdictRules rules, MaildirTree.Folders folders, Clock clock) {
        this.database = database;
        this.writer = new IndexWriter(database);
        this.parser = new MessageParser(rules);
        this.folders = Objects.requireNonNull(folders, "folders");
        this.clock = clock;
    }

    public ImportReport run(String accountId, List<Path> paths, Consumer<Progress> progress) {
        Run run = new Run(accountId, progress);
        for (Path path : paths) {
            try {
                MailSource.detect(path, folders).read(run);
            } catch (IOException e) {
                run.reject(path.toString(), "cannot read: " + e.getMessage());
            }
        }
        run.flush();
        ImportReport report = run.report();
        if (report.imported() + report.newCopies() > 0) {
            database.analyze(INDEX_TABLES);
        }
        return report;
    }

    private final class Run implements MailSource.MailSink {
        private final String accountId;
        private final Consumer<Progress> progress;
        private final long started = System.nanoTime();
        private final List<IndexEntry> batch = new ArrayList<>(BATCH_SIZE);
        private final List<ImportReport.Rejection> rejected = new ArrayList<>();
        private long imported;
        private long newCopies;
        private long present;

        Run(String accountId, Consumer<Progress> progress) {
            this.accountId = accountId;
            this.progress = progress;
        }

        @Override
        public void accept(RawMail mail) {
            ParsedMessage message;
            try (InputStream in = mail.open()) {
                message = parser.parse(in);
            } catch (MailParseException e) {
                reject(mail.origin(), e.getMessage());
                return;
            } catch (IOException e) {
                reject(mail.origin(), "cannot read: " + e.getMessage());
                return;
            }
            Instant receivedAt = firstNonNull(message.receivedAt(), mail.fallbackReceived(), message.sentAt(), clock.instant());
            DeliveryStatus status = mail.location().folder().equalsIgnoreCase(folders.quarantine())
                    ? DeliveryStatus.QUARANTINED : DeliveryStatus.DELIVERED;
            batch.add(new IndexEntry(mail.origin(), message, MessageIdentity.of(accountId, message), receivedAt,
                    mail.location(), recipients(mail, message), status));
            if (batch.size() >= BATCH_SIZE) {
                flush();
            }
        }

        @Override
        public void reject(String origin, String reason) {
            rejected.add(new ImportReport.Rejection(origin, reason));
        }

        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            for (IndexWriter.Outcome outcome : writer.write(accountId, batch, clock.instant())) {
                switch (outcome) {
                    case NEW_MESSAGE -> imported++;
                    case NEW_COPY -> newCopies++;
                    case ALREADY_PRESENT -> present++;
                }
            }
            batch.clear();
            progress.accept(new Progress(imported + newCopies + present + rejected.size(), imported, seconds()));
        }

        ImportReport report() {
            return new ImportReport(imported, newCopies, present, rejected, seconds());
        }

        private double seconds() {
            return (System.nanoTime() - started) / 1e9;
        }
    }

    /**
     * Whose copy this is: a Maildir's owner; for a file, the envelope recipients it was delivered
     * to, else the header recipients.
     */
    private static List<String> recipients(RawMail mail, ParsedMessage message) {
        if (mail.owner() != null) {
            return List.of(mail.owner());
        }
        if (!message.envelopeTo().isEmpty()) {
            return message.envelopeTo();
        }
        List<String> headers = new ArrayList<>();
        message.to().forEach(a -> headers.add(a.address()));
        message.cc().forEach(a -> headers.add(a.address()));
        return headers.stream().distinct().toList();
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        throw new IllegalArgumentException("no value");
    }
}
