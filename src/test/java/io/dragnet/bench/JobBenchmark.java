package io.dragnet.bench;

import io.dragnet.auth.AccountStore;
import io.dragnet.corpus.Corpus;
import io.dragnet.corpus.CorpusGenerator;
import io.dragnet.corpus.CorpusSpec;
import io.dragnet.engine.Engine;
import io.dragnet.engine.EngineConfig;
import io.dragnet.index.CopyLocation;
import io.dragnet.index.ImportReport;
import io.dragnet.index.Importer;
import io.dragnet.index.MaildirTree;
import io.dragnet.index.VerdictRules;
import io.dragnet.job.ActionParams;
import io.dragnet.job.BulkJob;
import io.dragnet.job.StoredSearch;
import io.dragnet.job.Counters;
import io.dragnet.job.Destination;
import io.dragnet.job.JobRepository;
import io.dragnet.job.JobStatus;
import io.dragnet.mailbox.Connectors;
import io.dragnet.mailbox.maildir.MaildirConnector;
import io.dragnet.search.SearchParams;
import io.dragnet.store.Database;
import io.dragnet.store.DatabaseConfig;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Job benchmark (bench/README.md), in two steps so the job itself runs in a small heap:
 * {@code prepare h2|postgresql DIR [messages] [mailboxes]} generates and imports a tree;
 * {@code run h2|postgresql DIR [workers]} times a plain INSERT … SELECT of every (message, copy)
 * row, the discovery of a MOVE job over all of them, its processing through the Maildir
 * connector, and a plain loop of renames over as many files; then prints the peak heap.
 */
public final class JobBenchmark {
    /** The PostgreSQL schema of a run: named after its folder, so that runs side by side never share one. */
    static String schema(Path dir) {
        return "dragnet_bench_job_" + dir.getFileName().toString().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    }
    private static final String ACCOUNT = "bench";

    private JobBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: JobBenchmark prepare|run h2|postgresql DIR [messages [mailboxes] | workers]");
            System.exit(2);
        }
        Path dir = Path.of(args[2]);
        if (args[0].equals("prepare")) {
            prepare(args[1], dir, args.length > 3 ? Integer.parseInt(args[3]) : 200_000, args.length > 4 ? Integer.parseInt(args[4]) : 1_000);
        } else {
            run(args[1], dir, args.length > 3 ? Integer.parseInt(args[3]) : 4);
        }
    }

    private static void prepare(String vendor, Path dir, int messages, int mailboxes) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        int domains = Math.max(1, mailboxes / 250);
        long t0 = System.nanoTime();
        Corpus corpus = CorpusGenerator.write(dir.resolve("mail"), new CorpusSpec(42, domains, mailboxes / domains, messages, now));
        System.out.printf("generated %,d messages (%,d copies) in %,d mailboxes in %.1f s%n",
                corpus.messages().size(), corpus.copies().size(), corpus.mailboxes().size(), seconds(t0));
        DatabaseConfig config = config(vendor, dir, true);
        try (Database database = Database.open(config)) {
            new AccountStore(database).create(ACCOUNT, "Benchmark", now);
            long t1 = System.nanoTime();
            ImportReport report = new Importer(database, VerdictRules.defaults(), MaildirTree.Folders.DEFAULT, Clock.systemUTC())
                    .run(ACCOUNT, List.of(corpus.root()), progress -> { });
            System.out.printf("import (%s): %,d messages, %,d more copies in %.1f s%n", vendor, report.imported(),
                    report.newCopies(), seconds(t1));
        }
    }

    private static void run(String vendor, Path dir, int workers) throws Exception {
        HeapSampler.start();
        DatabaseConfig config = config(vendor, dir, false);
        Path mail = dir.resolve("mail");
        try (Database database = Database.open(config)) {
            double rawSeconds = rawInsertSelect(database);
            JobRepository jobs = new JobRepository(database);
            BulkJob job = moveEverythingToJunk(ACCOUNT);
            MaildirConnector maildir = new MaildirConnector(mail, MaildirConnector.Folders.DEFAULT, MaildirConnector.FileOps.DEFAULT);
            EngineConfig engineConfig = EngineConfig.workers(workers);
            long t0 = System.nanoTime();
            jobs.insert(job);
            try (Engine engine = Engine.start(database, engineConfig, Connectors.none().with(CopyLocation.Store.MAILDIR, maildir),
                    Clock.systemUTC())) {
                engine.wake();
                Finished finished = awaitEnd(jobs, job, t0);
                BulkJob current = finished.job();
                double discovered = finished.discoverySeconds();
                double total = finished.totalSeconds();
                long rows = current.counters().discovered();
                System.out.printf("raw INSERT … SELECT (%s): %,d rows in %.2f s = %,.0f rows/s%n", vendor, rows, rawSeconds, rows / rawSeconds);
                System.out.printf("discovery (%s): %,d rows in %.2f s = %,.0f rows/s (%.2f× the raw statement)%n", vendor, rows,
                        discovered, rows / discovered, discovered / rawSeconds);
                System.out.printf("processing (%s, %d workers): %,d messages in %.2f s = %,.0f messages/s; job %s: %s%n", vendor, workers,
                        rows, total - discovered, rows / (total - discovered), current.status(), current.statusMessage());
                System.out.printf("end to end: %.2f s%n", total);
            }
            long renamed = 0;
            long t1 = System.nanoTime();
            try (Stream<Path> junk = Files.find(mail, 4, (p, a) -> a.isDirectory() && p.getFileName().toString().equals(".Junk"))) {
                for (Path folder : (Iterable<Path>) junk::iterator) {
                    renamed += renameAll(folder, folder.resolveSibling(".Bench"));
                }
            }
            double renameSeconds = seconds(t1);
            System.out.printf("raw rename loop: %,d files in %.2f s = %,.0f renames/s%n", renamed, renameSeconds, renamed / renameSeconds);
        }
        System.out.printf("peak heap in use: %,d MB of %,d MB max%n", HeapSampler.max() >> 20, Runtime.getRuntime().maxMemory() >> 20);
        dropSchema(vendor, dir);
    }

    /** Drops a PostgreSQL run's schema, unless DRAGNET_BENCH_KEEP is set; an H2 store goes with its folder. */
    static void dropSchema(String vendor, Path dir) throws Exception {
        if (vendor.equals("postgresql") && System.getenv("DRAGNET_BENCH_KEEP") == null) {
            try (Connection c = DriverManager.getConnection(postgresUrl()); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema(dir) + " CASCADE");
            }
        }
    }

    /** A MOVE to JunkEmail of every message of the account, as the benchmarks run it. */
    static BulkJob moveEverythingToJunk(String account) {
        return moveEverything(account, Destination.JUNK_EMAIL);
    }

    /** A MOVE of every message of the account to the destination. */
    static BulkJob moveEverything(String account, Destination destination) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        SearchParams everything = new SearchParams(now.minus(Duration.ofDays(62)), now, null, null, null, null, null, null,
                null, null, null, false, null, null, null, null, false, false);
        return new BulkJob(UUID.randomUUID(), account, new ActionParams.Move(destination, null), new StoredSearch.Readable(everything),
                JobStatus.PENDING, Counters.ZERO, now, null, null, "benchmark", null, "bench");
    }

    /** A job at its end, and when discovery and the whole job finished, in seconds from the start. */
    record Finished(BulkJob job, double discoverySeconds, double totalSeconds) {
    }

    /** Polls the job every 20 ms (a benchmark's clock, not a test's) until it ends. */
    static Finished awaitEnd(JobRepository jobs, BulkJob job, long startNanos) throws InterruptedException {
        double discovered = -1;
        while (true) {
            BulkJob current = jobs.find(job.accountId(), job.id()).orElseThrow();
            if (discovered < 0 && current.status() != JobStatus.PENDING && current.status() != JobStatus.DISCOVERING) {
                discovered = seconds(startNanos);
            }
            if (current.status().isTerminal()) {
                return new Finished(current, discovered, seconds(startNanos));
            }
            Thread.sleep(20);
        }
    }

    /** The baseline: the same rows written by one statement with no search, ordering or counting, then removed. */
    private static double rawInsertSelect(Database database) {
        UUID job = UUID.randomUUID();
        Instant now = Instant.now();
        database.jdbi().useHandle(handle -> handle.createUpdate("""
                        INSERT INTO bulk_jobs (id, account_id, action_type, destination, search_params, status, created_at)
                        VALUES (:id, :account, 'MOVE', 'JUNK_EMAIL', '{}', 'CANCELLED', :now)""")
                .bind("id", job).bind("account", ACCOUNT).bind("now", now).execute());
        long t0 = System.nanoTime();
        database.jdbi().useTransaction(handle -> handle.createUpdate("INSERT INTO bulk_job_messages (id, job_id, postfix_id,"
                        + " email_message_id, alert_id, client_recipient, status, retry_count, created_at, message_ref, copy_id, mailbox)"
                        + " SELECT " + database.dialect().newTimeOrderedUuid() + ", :job, m.postfix_id, m.message_id, m.alert_id, c.recipient,"
                        + " 'PENDING', 0, :now, m.id, c.id, c.mailbox FROM messages m JOIN message_copies c ON c.message_seq = m.seq")
                .bind("job", job).bind("now", now).execute());
        double seconds = seconds(t0);
        database.jdbi().useHandle(handle -> handle.createUpdate("DELETE FROM bulk_jobs WHERE id = :id").bind("id", job).execute());
        return seconds;
    }

    private static long renameAll(Path from, Path to) throws IOException {
        long n = 0;
        for (String sub : List.of("cur", "new")) {
            Files.createDirectories(to.resolve(sub));
            try (Stream<Path> files = Files.list(from.resolve(sub))) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.move(file, to.resolve(sub).resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                    n++;
                }
            }
        }
        return n;
    }

    /** The most heap in use, sampled every 20 ms from a daemon thread; the sum of each pool's peak would overstate it. */
    private static final class HeapSampler {
        private static final AtomicLong MAX = new AtomicLong();

        static void start() {
            Thread sampler = new Thread(() -> {
                while (true) {
                    MAX.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        static long max() {
            return MAX.get();
        }
    }

    static DatabaseConfig config(String vendor, Path dir, boolean fresh) throws Exception {
        if (vendor.equals("h2")) {
            return new DatabaseConfig("jdbc:h2:file:" + dir.resolve("db/dragnet").toAbsolutePath() + ";AUTO_SERVER=FALSE", null, null, 10);
        }
        String url = postgresUrl();
        if (fresh) {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema(dir));
            }
        }
        return new DatabaseConfig(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema(dir), null, null, 10);
    }

    static String postgresUrl() {
        return System.getenv().getOrDefault("DRAGNET_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    }

    static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
