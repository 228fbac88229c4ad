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
import io.dragnet.job.BulkJob;
import io.dragnet.job.Destination;
import io.dragnet.job.JobRepository;
import io.dragnet.mailbox.Connectors;
import io.dragnet.mailbox.imap.ImapConfig;
import io.dragnet.mailbox.imap.ImapConnector;
import io.dragnet.mailbox.imap.ImapLogin;
import io.dragnet.mailbox.imap.ImapServer;
import io.dragnet.store.Database;
import io.dragnet.store.DatabaseConfig;
import io.dragnet.testing.DovecotServer;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.eclipse.angus.mail.imap.IMAPFolder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * IMAP benchmark (bench/README.md): N messages over M mailboxes of a private Dovecot, one MOVE job
 * of all of them through the engine and the IMAP connector, and two baselines in the same run over
 * as many messages: the same moves one message per command, and {@code doveadm move} doing them
 * inside the server. Arguments: {@code h2|postgresql DIR [messages] [mailboxes] [workers]}.
 */
public final class ImapBenchmark {
    private static final String ACCOUNT = "bench";
    /** Most pairs of warm-up jobs (Junk, then Trash, so that each really moves the copies) before the timed one. */
    private static final int WARM_UP_PAIRS = 4;
    /** The JIT compiler's CPU time in a pair of jobs below which the engine's code counts as compiled. */
    private static final double SETTLED_COMPILING_SECONDS = 0.6;

    private ImapBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String vendor = args[0];
        Path dir = Path.of(args[1]);
        int messages = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        int mailboxes = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int workers = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        int domains = Math.max(1, mailboxes / 250);
        Corpus corpus = CorpusGenerator.write(dir.resolve("mail"), new CorpusSpec(42, domains, mailboxes / domains, messages, now));
        System.out.printf("generated %,d messages (%,d copies) in %,d mailboxes%n", corpus.messages().size(), corpus.copies().size(),
                corpus.mailboxes().size());
        DatabaseConfig config = JobBenchmark.config(vendor, dir, true);
        try (DovecotServer dovecot = DovecotServer.start(corpus.root(), dir.resolve("dovecot"), Map.of());
             Database database = Database.open(config)) {
            new AccountStore(database).create(ACCOUNT, "Benchmark", now);
            ImportReport report = new Importer(database, VerdictRules.defaults(), MaildirTree.Folders.DEFAULT, Clock.systemUTC())
                    .run(ACCOUNT, List.of(corpus.root()), progress -> { });
            System.out.printf("imported %,d messages, %,d more copies%n", report.imported(), report.newCopies());

            warmUp(dir, corpus.mailboxes());
            job("first job, to Trash (a cold JVM)", database, dovecot, corpus, workers, Destination.DELETED_ITEMS);
            // A server that has run jobs before runs compiled code; the second job of a JVM still spent a
            // third of the JVM's time in the JIT compiler (bench/README.md), so jobs run until it is done
            for (int pair = 1; pair <= WARM_UP_PAIRS; pair++) {
                double compiling = job("warm-up job, to Junk", database, dovecot, corpus, workers, Destination.JUNK_EMAIL).compiling()
                        + job("warm-up job, to Trash", database, dovecot, corpus, workers, Destination.DELETED_ITEMS).compiling();
                if (compiling < SETTLED_COMPILING_SECONDS) {
                    break;
                }
            }
            long moved = job("timed job, to Junk (warm)", database, dovecot, corpus, workers, Destination.JUNK_EMAIL).moved();
            long single = onePerCommand(dovecot, corpus.mailboxes(), DovecotServer.JUNK, "INBOX");
            long server = doveadmMove(dovecot, dir, corpus.mailboxes(), "INBOX", DovecotServer.JUNK);
            System.out.printf("copies moved: job %,d, one-per-command %,d, doveadm %,d%n", moved, single, server);
        } finally {
            if (vendor.equals("postgresql")) {
                try (Connection c = DriverManager.getConnection(JobBenchmark.postgresUrl()); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS " + JobBenchmark.schema(dir) + " CASCADE");
                }
            }
        }
    }

    /**
     * A MOVE of every copy through the engine, with a connector of its own (so every mailbox is
     * logged in to again), with the CPU time it took; returns the copies moved and the JIT
     * compiler's share. The first job finds the engine's code cold, as a server's first job after
     * it starts does; the timed one runs it compiled, as in a server that has run jobs before.
     */
    private static JobRun job(String name, Database database, DovecotServer dovecot, Corpus corpus, int workers,
                              Destination destination) throws Exception {
        ImapServer server = new ImapServer("127.0.0.1", dovecot.port(), ImapServer.Security.NONE, true,
                new ImapLogin.MasterUser(DovecotServer.MASTER_USER, new ImapLogin.Secret(DovecotServer.MASTER_PASSWORD, "bench"), "*"),
                "{address}", ImapServer.FolderNames.DEFAULT, true, true, 2 * workers, Duration.ofSeconds(30));
        Map<String, ImapServer> domains = new HashMap<>();
        corpus.mailboxes().forEach(m -> domains.put(m.substring(m.indexOf('@') + 1), server));
        JobRepository jobs = new JobRepository(database);
        BulkJob job = JobBenchmark.moveEverything(ACCOUNT, destination);
        CpuUse cpu = CpuUse.now();
        long t0 = System.nanoTime();
        jobs.insert(job);
        try (ImapConnector imap = new ImapConnector(new ImapConfig(domains), Clock.systemUTC());
             Engine engine = Engine.start(database, EngineConfig.workers(workers), Connectors.none().with(CopyLocation.Store.MAILDIR, imap),
                     Clock.systemUTC())) {
            engine.wake();
            JobBenchmark.Finished finished = JobBenchmark.awaitEnd(jobs, job, t0);
            BulkJob current = finished.job();
            double discovered = finished.discoverySeconds();
            double processing = finished.totalSeconds() - discovered;
            long rows = current.counters().discovered();
            System.out.printf("%s through IMAP (%d workers): %,d copies in %.2f s = %,.0f messages/s (discovery %.2f s); %s: %s%n",
                    name, workers, rows, processing, rows / processing, discovered, current.status(), current.statusMessage());
            CpuUse end = CpuUse.now();
            double compiling = end.compilingSince(cpu);
            System.out.printf("  CPU from its creation to its end: %s; of the JVM's, the JIT compiler %.2f s%n", end.since(cpu), compiling);
            return new JobRun(current.counters().successful(), compiling);
        }
    }

    /** @param compiling the JIT compiler's CPU seconds during the job */
    private record JobRun(long moved, double compiling) {
    }

    /** The same moves, one UID MOVE per message, over one connection per mailbox at a time. */
    private static long onePerCommand(DovecotServer dovecot, List<String> mailboxes, String from, String to) throws MessagingException {
        long moved = 0;
        long t0 = System.nanoTime();
        for (String mailbox : mailboxes) {
            Store store = Session.getInstance(new Properties()).getStore("imap");
            store.connect("127.0.0.1", dovecot.port(), DovecotServer.masterLogin(mailbox), DovecotServer.MASTER_PASSWORD);
            try {
                IMAPFolder folder = (IMAPFolder) store.getFolder(from);
                folder.open(Folder.READ_WRITE);
                long[] uids = (long[]) folder.doCommand(p -> {
                    List<Long> found = new ArrayList<>();
                    for (var response : p.command("UID SEARCH ALL", null)) {
                        if (response instanceof org.eclipse.angus.mail.imap.protocol.IMAPResponse r && r.keyEquals("SEARCH")) {
                            String n;
                            while ((n = r.readAtom()) != null && !n.isEmpty()) {
                                found.add(Long.parseLong(n));
                            }
                        }
                    }
                    return found.stream().mapToLong(Long::longValue).toArray();
                });
                for (long uid : uids) {
                    folder.doCommand(p -> {
                        var responses = p.command("UID MOVE " + uid + " " + to, null);
                        p.notifyResponseHandlers(responses);
                        p.handleResult(responses[responses.length - 1]);
                        return null;
                    });
                    moved++;
                }
                folder.close(false);
            } finally {
                store.close();
            }
        }
        double seconds = JobBenchmark.seconds(t0);
        System.out.printf("one message per command: %,d moves in %.2f s = %,.0f messages/s%n", moved, seconds, moved / seconds);
        return moved;
    }

    /**
     * Has Dovecot index every folder of every mailbox before anything is timed, so the job (which
     * runs first) does not pay alone for what the baselines then find done.
     */
    private static void warmUp(Path dir, List<String> mailboxes) throws Exception {
        Path users = Files.write(dir.resolve("users.txt"), mailboxes);
        long t0 = System.nanoTime();
        doveadm(dir, "mailbox", "status", "-F", users.toString(), "messages", "*");
        System.out.printf("Dovecot indexed %,d mailboxes in %.2f s%n", mailboxes.size(), JobBenchmark.seconds(t0));
    }

    private static void doveadm(Path dir, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of("doveadm", "-c", dir.resolve("dovecot/dovecot.conf").toString()));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", line) + " failed with exit code " + p.exitValue());
        }
    }

    /** The same moves done inside Dovecot by {@code doveadm move}, for every user. */
    private static long doveadmMove(DovecotServer dovecot, Path dir, List<String> mailboxes, String from, String to) throws Exception {
        Path users = Files.write(dir.resolve("users.txt"), mailboxes);
        long before = count(dovecot, mailboxes, to);
        CpuUse cpu = CpuUse.now();
        long t0 = System.nanoTime();
        doveadm(dir, "move", "-F", users.toString(), to, "mailbox", from, "ALL");
        double seconds = JobBenchmark.seconds(t0);
        String used = CpuUse.now().since(cpu);
        long moved = count(dovecot, mailboxes, to) - before;
        System.out.printf("doveadm move (in the server): %,d moves in %.2f s = %,.0f messages/s%n", moved, seconds, moved / seconds);
        System.out.printf("  CPU: %s%n", used);
        return moved;
    }

    private static long count(DovecotServer dovecot, List<String> mailboxes, String folderName) throws MessagingException {
        long n = 0;
        for (String mailbox : mailboxes) {
            Store store = Session.getInstance(new Properties()).getStore("imap");
            store.connect("127.0.0.1", dovecot.port(), DovecotServer.masterLogin(mailbox), DovecotServer.MASTER_PASSWORD);
            try {
                n += store.getFolder(folderName).getMessageCount();
            } finally {
                store.close();
            }
        }
        return n;
    }
}
