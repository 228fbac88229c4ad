package io.dragnet.bench;

import io.dragnet.auth.AccountStore;
import io.dragnet.corpus.Corpus;
import io.dragnet.corpus.CorpusGenerator;
import io.dragnet.corpus.CorpusSpec;
import io.dragnet.corpus.GeneratedMessage;
import io.dragnet.index.ImportReport;
import io.dragnet.index.Importer;
import io.dragnet.index.MaildirTree;
import io.dragnet.index.MessageIndex;
import io.dragnet.index.VerdictRules;
import io.dragnet.search.SearchParams;
import io.dragnet.store.Database;
import io.dragnet.store.DatabaseConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Import-and-search benchmark (bench/README.md): generates N messages across M mailboxes, imports
 * them, then times a fixed set of searches. Arguments: {@code h2|postgresql [messages] [mailboxes]
 * [repetitions]}; PostgreSQL at {@code DRAGNET_TEST_POSTGRES_URL} (default the local test database).
 */
public final class ImportSearchBenchmark {
    private ImportSearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String vendor = args.length > 0 ? args[0] : "h2";
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int mailboxes = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        int repetitions = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        Path work = Files.createTempDirectory("dragnet-bench");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        long t0 = System.nanoTime();
        int domains = Math.max(1, mailboxes / 250);
        Corpus corpus = CorpusGenerator.write(work.resolve("mail"), new CorpusSpec(42, domains, mailboxes / domains, messages, now));
        double generated = seconds(t0);
        System.out.printf("generated %,d messages (%,d copies) in %,d mailboxes in %.1f s%n",
                corpus.messages().size(), corpus.copies().size(), corpus.mailboxes().size(), generated);

        DatabaseConfig config = config(vendor, work);
        try (Database database = Database.open(config)) {
            new AccountStore(database).create("bench", "Benchmark", now);
            long t1 = System.nanoTime();
            ImportReport report = new Importer(database, VerdictRules.defaults(), MaildirTree.Folders.DEFAULT, Clock.systemUTC())
                    .run("bench", List.of(corpus.root()), progress -> { });
            double imported = seconds(t1);
            System.out.printf("import (%s): %,d messages, %,d more copies, %,d rejected in %.1f s = %,.0f messages/s (%,.0f copies/s)%n",
                    vendor, report.imported(), report.newCopies(), report.rejected().size(), imported,
                    report.imported() / imported, (report.imported() + report.newCopies()) / imported);
            timeSearches(database, corpus, now, repetitions);
        } finally {
            if (System.getenv("DRAGNET_BENCH_KEEP") == null) {
                dropSchema(config);
                deleteTree(work); // the generated mail: about 9 GB at 1,000,000 messages
            }
        }
    }

    private static void timeSearches(Database database, Corpus corpus, Instant now, int repetitions) {
        MessageIndex index = new MessageIndex(database);
        GeneratedMessage campaign = corpus.ofKind(GeneratedMessage.Kind.CAMPAIGN).get(corpus.ofKind(GeneratedMessage.Kind.CAMPAIGN).size() / 2);
        String alertId = index.search("bench", search(now, p -> p.messageId(campaign.messageId())), null, 0, 1)
                .messages().get(0).alertId();
        Map<String, Function<Params, Params>> searches = new LinkedHashMap<>();
        searches.put("sender (address)", p -> p.sender(campaign.from()));
        searches.put("message_id", p -> p.messageId(campaign.messageId()));
        searches.put("alert_id", p -> p.alertId(alertId));
        searches.put("recipient (address)", p -> p.recipient(campaign.copies().get(0).mailbox()));
        searches.put("domain (link parent)", p -> p.domain(campaign.linkDomains().isEmpty() ? "example.com"
                : campaign.linkDomains().get(0)));
        searches.put("subject keywords", p -> p.subject(campaign.subject().split("\\s+")[0]));
        searches.put("query (attachment/term)", p -> p.query(campaign.from().substring(0, campaign.from().indexOf('@'))));
        searches.put("defaults (first page)", p -> p);
        System.out.printf("%-26s %8s %9s %9s%n", "search (first page, 20)", "results", "p50 ms", "p95 ms");
        for (Map.Entry<String, Function<Params, Params>> entry : searches.entrySet()) {
            SearchParams params = search(now, entry.getValue());
            int results = 0;
            long[] nanos = new long[repetitions];
            for (int i = 0; i < repetitions; i++) {
                long t = System.nanoTime();
                results = index.search("bench", params, null, 0, 20).messages().size();
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

    private static DatabaseConfig config(String vendor, Path work) throws Exception {
        if (vendor.equals("h2")) {
            return new DatabaseConfig("jdbc:h2:file:" + work.resolve("db/dragnet") + ";AUTO_SERVER=FALSE;CACHE_SIZE=262144", null, null, 4);
        }
        String url = System.getenv().getOrDefault("DRAGNET_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS dragnet_bench CASCADE");
            s.execute("CREATE SCHEMA dragnet_bench");
        }
        return new DatabaseConfig(url + (url.contains("?") ? "&" : "?") + "currentSchema=dragnet_bench", null, null, 4);
    }

    private static void dropSchema(DatabaseConfig config) throws Exception {
        if (config.jdbcUrl().startsWith("jdbc:postgresql:")) {
            String url = config.jdbcUrl().replace("&currentSchema=dragnet_bench", "").replace("?currentSchema=dragnet_bench", "");
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS dragnet_bench CASCADE");
            }
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
