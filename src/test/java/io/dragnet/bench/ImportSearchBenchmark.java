package io.dragnet.bench;

import io.dragnet.auth.AccountStore;
import io.dragnet.corpus.Corpus;
import io.dragnet.corpus.CorpusGenerator;
import io.dragnet.corpus.CorpusSpec;
import io.dragnet.corpus.GeneratedMessage;
import io.dragnet.index.ImportReport;
import io.dragnet.index.Importer;
import io.dragnet.index.MailParseException;
import io.dragnet.index.MailSource;
import io.dragnet.index.MaildirTree;
import io.dragnet.index.MessageIndex;
import io.dragnet.index.MessageParser;
import io.dragnet.index.RawMail;
import io.dragnet.index.Reading;
import io.dragnet.index.VerdictRules;
import io.dragnet.search.SearchParams;
import io.dragnet.store.Database;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * Import-and-search benchmark (bench/README.md), in three steps, each in a JVM of its own as a
 * user runs them: {@code generate DIR [messages] [mailboxes]} writes a Dovecot tree and the facts
 * the searches look for; {@code import h2|postgresql DIR} times a fresh store's import of it, in a
 * JVM started like {@code dragnet import}; {@code search h2|postgresql DIR [repetitions]} times a
 * fixed set of searches, then drops the PostgreSQL schema. PostgreSQL is at
 * {@code DRAGNET_TEST_POSTGRES_URL} (default the local test database).
 */
public final class ImportSearchBenchmark {
    private static final String ACCOUNT = "bench";

    private ImportSearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ImportSearchBenchmark generate DIR [messages] [mailboxes] | import h2|postgresql DIR"
                    + " | parse DIR [rounds] | search h2|postgresql DIR [repetitions]");
            System.exit(2);
        }
        switch (args[0]) {
            case "generate" -> generate(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 100_000,
                    args.length > 3 ? Integer.parseInt(args[3]) : 1_000);
            case "import" -> importTree(args[1], Path.of(args[2]));
            case "parse" -> parseTree(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 3);
            case "search" -> search(args[1], Path.of(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 50);
            default -> throw new IllegalArgumentException("unknown step " + args[0]);
        }
    }

    private static void generate(Path dir, int messages, int mailboxes) throws IOException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long t0 = System.nanoTime();
        int domains = Math.max(1, mailboxes / 250);
        Corpus corpus = CorpusGenerator.write(dir.resolve("mail"), new CorpusSpec(42, domains, mailboxes / domains, messages, now));
        System.out.printf("generated %,d messages (%,d copies) in %,d mailboxes in %.1f s%n",
                corpus.messages().size(), corpus.copies().size(), corpus.mailboxes().size(), JobBenchmark.seconds(t0));
        List<GeneratedMessage> campaigns = corpus.ofKind(GeneratedMessage.Kind.CAMPAIGN);
        GeneratedMessage campaign = campaigns.get(campaigns.size() / 2);
        Properties facts = new Properties();
        facts.setProperty("now", now.toString());
        facts.setProperty("sender", campaign.from());
        facts.setProperty("message_id", campaign.messageId());
        facts.setProperty("recipient", campaign.copies().get(0).mailbox());
        facts.setProperty("domain", campaign.linkDomains().isEmpty() ? "example.com" : campaign.linkDomains().get(0));
        facts.setProperty("subject", campaign.subject().split("\\s+")[0]);
        facts.setProperty("query", campaign.from().substring(0, campaign.from().indexOf('@')));
        corpus.messages().stream().filter(m -> !m.attachments().isEmpty()).reduce((first, next) -> next)
                .ifPresent(m -> facts.setProperty("hash", m.attachments().get(0).sha256Hex()));
        try (Writer out = Files.newBufferedWriter(dir.resolve("facts.properties"))) {
            facts.store(out, "what the searches of the benchmark look for");
        }
    }

    private static void importTree(String vendor, Path dir) throws Exception {
        try (Database database = Database.open(JobBenchmark.config(vendor, dir, true))) {
            new AccountStore(database).create(ACCOUNT, "Benchmark", Instant.now());
            long t0 = System.nanoTime();
            double[] read = {Double.NaN};
            ImportReport report = new Importer(database, VerdictRules.defaults(), MaildirTree.Folders.DEFAULT, Clock.systemUTC())
                    .run(ACCOUNT, List.of(dir.resolve("mail")), progress -> {
                        if (progress.stage() == Importer.Stage.BUILDING_INDEXES) {
                            read[0] = JobBenchmark.seconds(t0);
                        }
                    });
            double imported = JobBenchmark.seconds(t0);
            if (!Double.isNaN(read[0])) {
                System.out.printf("import (%s): read and written in %.1f s, then the deferred indexes built and the tables settled in %.1f s%n",
                        vendor, read[0], imported - read[0]);
            }
            System.out.printf("import (%s): %,d messages, %,d more copies, %,d rejected in %.1f s = %,.0f messages/s (%,.0f copies/s)%n",
                    vendor, report.imported(), report.newCopies(), report.rejected().size(), imported,
                    report.imported() / imported, (report.imported() + report.newCopies()) / imported);
        }
    }

    /**
     * Parses every file of the tree in this thread, without a database, and repeats it: the
     * parser's cost alone, which in an import shares the machine's cores with the database's. As
     * import does, a message's later copies are read to the end of their header only.
     */
    private static void parseTree(Path dir, int rounds) throws IOException {
        MessageParser parser = new MessageParser(VerdictRules.defaults());
        for (int round = 1; round <= rounds; round++) {
            long[] counts = new long[3];
            Set<String> read = new HashSet<>();
            long t0 = System.nanoTime();
            MailSource.detect(dir.resolve("mail"), MaildirTree.Folders.DEFAULT).read(new MailSource.MailSink() {
                @Override
                public void accept(RawMail mail) {
                    try (InputStream in = mail.open()) {
                        if (parser.parse(in, header -> read.add(header.messageId())) instanceof Reading.HeaderOnly) {
                            counts[2]++;
                        }
                        counts[0]++;
                    } catch (MailParseException | IOException e) {
                        counts[1]++;
                    }
                }

                @Override
                public void reject(String origin, String reason) {
                    counts[1]++;
                }
            });
            double seconds = JobBenchmark.seconds(t0);
            System.out.printf("parse, round %d: %,d files (%,d by their header alone, %,d unreadable) in %.1f s = %,.0f files/s on one thread%n",
                    round, counts[0], counts[2], counts[1], seconds, counts[0] / seconds);
        }
    }

    private static void search(String vendor, Path dir, int repetitions) throws Exception {
        Properties facts = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve("facts.properties"))) {
            facts.load(in);
        }
        Instant now = Instant.parse(facts.getProperty("now"));
        try (Database database = Database.open(JobBenchmark.config(vendor, dir, false))) {
            timeSearches(database, facts, now, repetitions);
        } finally {
            JobBenchmark.dropSchema(vendor, dir);
        }
    }

    private static void timeSearches(Database database, Properties facts, Instant now, int repetitions) {
        MessageIndex index = new MessageIndex(database);
        String alertId = index.search(ACCOUNT, search(now, p -> p.messageId(facts.getProperty("message_id"))), null, 0, 1)
                .messages().get(0).alertId();
        Map<String, Function<Params, Params>> searches = new LinkedHashMap<>();
        searches.put("sender (address)", p -> p.sender(facts.getProperty("sender")));
        searches.put("message_id", p -> p.messageId(facts.getProperty("message_id")));
        searches.put("alert_id", p -> p.alertId(alertId));
        searches.put("recipient (address)", p -> p.recipient(facts.getProperty("recipient")));
        searches.put("domain (link parent)", p -> p.domain(facts.getProperty("domain")));
        searches.put("subject keywords", p -> p.subject(facts.getProperty("subject")));
        searches.put("query (attachment/term)", p -> p.query(facts.getProperty("query")));
        searches.put("query (attachment hash)", p -> p.query(facts.getProperty("hash", "no attachment")));
        searches.put("defaults (first page)", p -> p);
        System.out.printf("%-26s %8s %9s %9s%n", "search (first page, 20)", "results", "p50 ms", "p95 ms");
        for (Map.Entry<String, Function<Params, Params>> entry : searches.entrySet()) {
            SearchParams params = search(now, entry.getValue());
            int results = 0;
            long[] nanos = new long[repetitions];
            for (int i = 0; i < repetitions; i++) {
                long t = System.nanoTime();
                results = index.search(ACCOUNT, params, null, 0, 20).messages().size();
                nanos[i] = System.nanoTime() - t;
            }
            Arrays.sort(nanos);
            System.out.printf("%-26s %8d %9.2f %9.2f%n", entry.getKey(), results,
                    nanos[repetitions / 2] / 1e6, nanos[(int) Math.ceil(repetitions * 0.95) - 1] / 1e6);
        }
    }

    /** A mutable builder over the record, so each benchmark search names only what it sets. */
    private static final class Params {
        String sender, recipient, domain, subject, query, messageId, alertId;

        Params sender(String v) { sender = v; return this; }
        Params recipient(String v) { recipient = v; return this; }
        Params domain(String v) { domain = v; return this; }
        Params subject(String v) { subject = v; return this; }
        Params query(String v) { query = v; return this; }
        Params messageId(String v) { messageId = v; return this; }
        Params alertId(String v) { alertId = v; return this; }
    }

    private static SearchParams search(Instant now, Function<Params, Params> setup) {
        Params p = setup.apply(new Params());
        return new SearchParams(now.minus(Duration.ofDays(61)), now, p.sender, p.recipient, p.domain, p.subject, null,
                p.query, p.messageId, p.alertId, null, false, null, null, null, null, false, false);
    }
}
