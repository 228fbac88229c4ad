package io.dragnet.index;

import io.dragnet.search.DeliveryStatus;
import io.dragnet.store.Database;
import io.dragnet.store.DeferredIndexes;
import io.dragnet.store.Vendor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads mail from Maildir trees, mbox files and .eml files into an account's index.
 *
 * <p>The stages overlap, because on a small machine the database and the parser each take about
 * half the time: the calling thread walks the sources, a pool parses, a router thread takes the
 * parsed files in order and {@link PartitionedWriters} store them in batches. The queues between
 * them hold a batch or two, so memory stays bounded by the batch size whatever the size of the input.
 */
public final class Importer {
    static final int BATCH_SIZE = 500;
    /** About 11 MB of postfix ids: how many messages' copies are recognised from their header alone. */
    private static final int REMEMBERED = 100_000;
    private static final List<String> INDEX_TABLES = List.of("messages", "message_recipients", "message_copies",
            "message_link_domains", "message_attachments", "message_threats");
    /**
     * The unique indexes a batch looks its messages and copies up in. A first import's writers
     * know what they wrote instead ({@link OwnWrites}), and one that has to forget has them built
     * first. Their keys are hashes: kept up row by row, they took each row in a random page, and
     * H2 wrote each such page again at every save (100,000 messages: 1.29 GB written where, with
     * these and the Investigate ids' index built at the end, 0.38 GB; bench/README.md).
     */
    private static final List<String> LOOKUP_INDEXES = List.of("messages_postfix_id", "message_copies_copy_key");
    /**
     * The copy keys' index stays while several writers write (PostgreSQL's import): a Maildir
     * copy's name key is its file's name in its mailbox, so copies of two different messages whose
     * files share a name in two folders meet on it, and those go to two writers that do not know
     * each other's keys. Only the unique index then keeps the second from taking the name as well.
     * One writer (H2's) knows every key it could meet.
     */
    private static final String SHARED_BY_WRITERS = "message_copies_copy_key";
    /**
     * The index's secondary indexes whose keys arrive in no order, which a first import builds
     * when it ends rather than row by row ({@link Database#deferIndexes}): the lookups' unique ones,
     * the Investigate ids' (a unique index only on H2; PostgreSQL's primary key stays, since it reads
     * the new messages' seqs back by it), and those searches use.
     */
    private static final List<String> BUILT_AFTER_FIRST_IMPORT = List.of("messages_postfix_id", "message_copies_copy_key",
            "messages_id", "messages_account_received",
            "messages_account_message_id", "messages_account_alert", "messages_account_helo", "messages_sender_from",
            "messages_sender_from_domain", "messages_sender_envelope", "messages_sender_envelope_domain",
            "message_recipients_address", "message_recipients_domain", "message_copies_recipient",
            "message_copies_recipient_domain", "message_link_domains_domain", "message_threats_category",
            "messages_search_text_trgm", "messages_subject_trgm", "message_copies_recipient_trgm");
    /** The tables each batch looks existing rows up in: their statistics must follow them as they grow. */
    private static final List<String> LOOKUP_TABLES = List.of("messages", "message_copies");

    private final Database database;
    private final int writerCount;
    private final long remembered;
    private final MessageParser parser;
    private final MaildirTree.Folders folders;
    private final Clock clock;

    /**
     * PostgreSQL runs each connection's statements in a process of its own, so two writers let it
     * use two cores; one writer keeps it on one and the import waits for it. H2 writes in this JVM,
     * whose cores the parsers already use.
     */
    static int defaultWriters(Database database) {
        return database.vendor() == Vendor.POSTGRESQL ? 2 : 1;
    }

    /** Progress after every batch: messages seen so far, for a terminal to show. */
    public record Progress(long seen, long imported, double seconds, Stage stage) {
    }

    /** What an import is doing: reading mail, or, once a first import has read it all, building the indexes it deferred. */
    public enum Stage { READING, BUILDING_INDEXES }

    public Importer(Database database, VerdictRules rules, MaildirTree.Folders folders, Clock clock) {
        this(database, rules, folders, clock, defaultWriters(database));
    }

    /** @param writers how many transactions write at once (each message is always written by the same one) */
    public Importer(Database database, VerdictRules rules, MaildirTree.Folders folders, Clock clock, int writers) {
        this(database, rules, folders, clock, writers, OwnWrites.DEFAULT_LIMIT);
    }

    /** @param remembered how many keys each writer of a first import keeps before it forgets them ({@link OwnWrites}) */
    Importer(Database database, VerdictRules rules, MaildirTree.Folders folders, Clock clock, int writers, long remembered) {
        this.database = database;
        this.writerCount = writers;
        this.remembered = remembered;
        this.parser = new MessageParser(rules);
        this.folders = Objects.requireNonNull(folders, "folders");
        this.clock = clock;
    }

    public ImportReport run(String accountId, List<Path> paths, Consumer<Progress> progress) {
        return importFrom(accountId, paths.stream().map(this::fileFeed).toList(), progress);
    }

    /** A Maildir tree, mbox file or .eml file, recognised by its shape when it is read. */
    public MailFeed fileFeed(Path path) {
        return new MailFeed() {
            @Override
            public String origin() {
                return path.toString();
            }

            @Override
            public void read(MailSource.MailSink sink) throws IOException {
                MailSource.detect(path, folders).read(sink);
            }
        };
    }

    /** Imports what each feed hands over; a feed that cannot be read at all is one rejection, and the rest go on. */
    public ImportReport importFrom(String accountId, List<? extends MailFeed> feeds, Consumer<Progress> progress) {
        ImportReport report;
        // only into an empty index: building the indexes costs as much as the rows already there
        boolean intoEmptyIndex = isEmpty();
        if (!intoEmptyIndex) {
            database.requireIndexes(LOOKUP_INDEXES, clock); // a first import still running has them dropped
        }
        boolean copyKeysDeferred = intoEmptyIndex && writerCount == 1;
        List<String> deferrable = copyKeysDeferred ? BUILT_AFTER_FIRST_IMPORT
                : BUILT_AFTER_FIRST_IMPORT.stream().filter(name -> !name.equals(SHARED_BY_WRITERS)).toList();
        Instant started = clock.instant();
        // a job acting meanwhile may have recorded a copy twice, which the copy keys' index would refuse
        Runnable beforeLookupIndexes = () -> {
            if (copyKeysDeferred) {
                CopiesRecordedTwice.remove(database, started);
            }
        };
        try (DeferredIndexes deferred = intoEmptyIndex ? database.deferIndexes(deferrable, clock) : DeferredIndexes.NONE) {
            Supplier<OwnWrites> memory = intoEmptyIndex ? () -> OwnWrites.ofEmptyIndex(remembered, () -> {
                beforeLookupIndexes.run();
                deferred.buildNow(LOOKUP_INDEXES);
            }) : OwnWrites::none;
            Run run = new Run(accountId, memory, progress.andThen(written -> deferred.renew()));
            try {
                for (MailFeed feed : feeds) {
                    try {
                        feed.read(run);
                    } catch (IOException e) {
                        run.reject(feed.origin(), "cannot read: " + e.getMessage());
                    }
                }
            } finally {
                try {
                    run.finish();
                } finally {
                    beforeLookupIndexes.run(); // the deferral's close builds them
                }
            }
            report = run.report();
            if (deferred != DeferredIndexes.NONE) {
                progress.accept(new Progress(report.imported() + report.newCopies() + report.present() + report.rejected().size(),
                        report.imported(), report.seconds(), Stage.BUILDING_INDEXES));
            }
        }
        if (report.imported() + report.newCopies() > 0) {
            database.settle(INDEX_TABLES);
        }
        return report;
    }

    private boolean isEmpty() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT 1 FROM messages").setMaxRows(1).mapTo(Integer.class).findFirst()).isEmpty();
    }

    /** What parsing one file gave: an entry to write, or the reason it cannot be imported. */
    private record Parsed(IndexEntry entry, ImportReport.Rejection rejection) {
    }

    private final class Run implements MailSource.MailSink {
        private final String accountId;
        private final Consumer<Progress> progress;
        private final long started = System.nanoTime();
        private final ExecutorService parsers = Executors.newFixedThreadPool(
                Math.max(1, Runtime.getRuntime().availableProcessors()), daemon("dragnet-import-parser"));
        private final BlockingQueue<List<Future<Parsed>>> batches = new ArrayBlockingQueue<>(2);
        private final List<ImportReport.Rejection> rejected = Collections.synchronizedList(new ArrayList<>());
        private final PartitionedWriters writers;
        private final Thread router;
        private List<Future<Parsed>> current = new ArrayList<>(BATCH_SIZE);
        private volatile Throwable writeFailure;
        /**
         * Messages read in full (by postfix id), each with the earliest file it was read from, in
         * the order found. Emptied when it reaches {@link #REMEMBERED} messages, so that memory
         * stays bounded: a copy whose message was forgotten is read in full again, nothing worse.
         */
        private final Map<String, Long> readInFull = new ConcurrentHashMap<>();
        private long found; // the walking thread's alone

        Run(String accountId, Supplier<OwnWrites> memory, Consumer<Progress> progress) {
            this.accountId = accountId;
            this.progress = progress;
            this.writers = new PartitionedWriters(database, accountId, clock, writerCount, BATCH_SIZE, LOOKUP_TABLES,
                    memory, this::batchWritten);
            this.router = daemon("dragnet-import-router").newThread(this::route);
            router.start();
        }

        @Override
        public void accept(RawMail mail) {
            long order = found++;
            current.add(parsers.submit(() -> parse(mail, order)));
            if (current.size() >= BATCH_SIZE) {
                handOff();
            }
        }

        @Override
        public void reject(String origin, String reason) {
            rejected.add(new ImportReport.Rejection(origin, reason));
        }

        private Parsed parse(RawMail mail, long order) {
            Reading reading;
            MessageIdentity[] offered = new MessageIdentity[1]; // what the header gave: one digest per file, not two
            try (InputStream in = mail.open()) {
                reading = parser.parse(in, header -> {
                    offered[0] = MessageIdentity.of(accountId, header);
                    return !isCopyOfEarlier(mail, offered[0], order);
                });
            } catch (MailParseException e) {
                return new Parsed(null, new ImportReport.Rejection(mail.origin(), e.getMessage()));
            } catch (IOException e) {
                return new Parsed(null, new ImportReport.Rejection(mail.origin(), "cannot read: " + e.getMessage()));
            }
            DeliveryStatus status = mail.location().folder().equalsIgnoreCase(folders.quarantine())
                    ? DeliveryStatus.QUARANTINED : DeliveryStatus.DELIVERED;
            if (reading instanceof Reading.HeaderOnly headerOnly) {
                MessageIdentity identity = offered[0];
                Instant receivedAt = firstNonNull(mail.fallbackReceived(), headerOnly.header().sentAt(), clock.instant());
                return new Parsed(IndexEntry.copyOfEarlier(identity, receivedAt, mail.location(), List.of(mail.owner()), status), null);
            }
            ParsedMessage message = ((Reading.Whole) reading).message(); // the only other kind of Reading
            // a message without a Message-ID was never offered: its identity needs the body's hash
            MessageIdentity identity = offered[0] != null ? offered[0] : MessageIdentity.of(accountId, message);
            if (message.messageId() != null) {
                if (readInFull.size() >= REMEMBERED) {
                    readInFull.clear();
                }
                readInFull.merge(identity.postfixId(), order, Math::min);
            }
            Instant receivedAt = firstNonNull(message.receivedAt(), mail.fallbackReceived(), message.sentAt(), clock.instant());
            return new Parsed(new IndexEntry(message, identity, receivedAt,
                    mail.location(), recipients(mail, message), status), null);
        }

        /**
         * Whether a file found as the {@code order}th is a copy of a message already read in full
         * from a file found before it, so that its header is all it needs to be: a Maildir or IMAP
         * copy, whose owner is its mailbox's (a file's copies belong to the recipients its header
         * names). Found before, not merely read before: the router hands entries to the writers in
         * the order found, and all of a message's entries to one writer, so the whole message is
         * written before the copies read after it. On a campaign's copies in many mailboxes this
         * skips most of the parsing.
         */
        private boolean isCopyOfEarlier(RawMail mail, MessageIdentity identity, long order) {
            Long first = readInFull.get(identity.postfixId());
            return mail.owner() != null && first != null && first < order;
        }

        /** Passes the batch on, waiting while two are queued: that wait is the back-pressure. */
        private void handOff() {
            List<Future<Parsed>> batch = current;
            current = new ArrayList<>(BATCH_SIZE);
            try {
                while (!batches.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                    failIfWritingFailed();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("import interrupted", e);
            }
        }

        /** Takes the parsed files in the order they were found and hands each to its message's writer. */
        private void route() {
            try {
                while (true) {
                    List<Future<Parsed>> batch = batches.take();
                    if (batch.isEmpty()) {
                        break; // the end
                    }
                    for (Future<Parsed> future : batch) {
                        Parsed parsed = future.get();
                        if (parsed.entry() != null) {
                            writers.accept(parsed.entry());
                        } else {
                            rejected.add(parsed.rejection());
                        }
                    }
                }
                writers.finish();
            } catch (InterruptedException e) {
                writeFailure = e;
                writers.abandon();
            } catch (ExecutionException e) {
                writeFailure = e.getCause();
                writers.abandon();
            } catch (RuntimeException | Error e) {
                writeFailure = e;
                writers.abandon();
            }
        }

        /** Called by the writers, one batch at a time: the consumer may print to a terminal. */
        private synchronized void batchWritten(long written, long imported) {
            progress.accept(new Progress(written + rejected.size(), imported, seconds(), Stage.READING));
        }

        void finish() {
            try {
                if (!current.isEmpty()) {
                    handOff();
                }
                current = new ArrayList<>();
                handOff(); // the empty batch tells the router to stop
                router.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("import interrupted", e);
            } finally {
                parsers.shutdownNow();
            }
            failIfWritingFailed();
        }

        private void failIfWritingFailed() {
            PartitionedWriters.rethrow(writeFailure);
        }

        ImportReport report() {
            return new ImportReport(writers.imported(), writers.newCopies(), writers.present(), rejected, seconds());
        }

        private double seconds() {
            return (System.nanoTime() - started) / 1e9;
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
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
