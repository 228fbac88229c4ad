package io.dragnet.cli;

import io.dragnet.auth.AccountStore;
import io.dragnet.auth.ApiToken;
import io.dragnet.auth.Permission;
import io.dragnet.auth.TokenStore;
import io.dragnet.corpus.Corpus;
import io.dragnet.corpus.CorpusGenerator;
import io.dragnet.corpus.CorpusSpec;
import io.dragnet.corpus.GeneratedMessage;
import io.dragnet.index.ImportReport;
import io.dragnet.index.Importer;
import io.dragnet.index.MaildirTree;
import io.dragnet.index.VerdictRules;
import io.dragnet.store.Database;
import io.dragnet.store.DatabaseConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;

/**
 * A store and a mail tree to try Dragnet on, made from nothing: a generated Dovecot-style tree
 * with a phishing campaign in it, imported into a demo account, and a write token.
 */
record Demo(Path directory, DatabaseConfig store, Path mailRoot, String accountId, String token, String campaignSender,
            Instant searchFrom, ImportReport imported) {
    static final String ACCOUNT_ID = "023e105f4ecef8ad9ca31a8372d0c353";

    static Demo prepare(Clock clock) throws IOException {
        Path directory = Files.createTempDirectory("dragnet-demo-");
        Path mailRoot = directory.resolve("mail");
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Corpus corpus = CorpusGenerator.write(mailRoot, new CorpusSpec(now.getEpochSecond(), 2, 12, 600, now));
        GeneratedMessage newest = corpus.ofKind(GeneratedMessage.Kind.CAMPAIGN).stream()
                .max(Comparator.comparing(GeneratedMessage::receivedAt))
                .orElseThrow(() -> new IllegalStateException("the demo corpus has no phishing campaign"));
        DatabaseConfig store = DatabaseConfig.embedded(directory.resolve("store"), 4);
        try (Database database = Database.open(store)) {
            new AccountStore(database).create(ACCOUNT_ID, "Demo", now);
            ApiToken.Issued token = new TokenStore(database).create("demo", Permission.WRITE, List.of(ACCOUNT_ID), null, now);
            ImportReport report = new Importer(database, VerdictRules.defaults(), MaildirTree.Folders.DEFAULT, clock)
                    .run(ACCOUNT_ID, List.of(mailRoot), progress -> { });
            String sender = newest.from().substring(newest.from().indexOf('@') + 1);
            // the corpus reaches 60 days back; the search's default window is 30
            return new Demo(directory, store, mailRoot, ACCOUNT_ID, token.secret(), sender,
                    now.minus(Duration.ofDays(61)), report);
        }
    }

    /** What to paste to see a job move the campaign out of every mailbox. */
    List<String> instructions(String baseUrl) {
        String bulk = baseUrl + "/accounts/" + accountId + "/email-security/investigate/bulk";
        return List.of(
                "Demo data in " + directory + " (mail tree: " + mailRoot + ")",
                "Imported " + imported.imported() + " messages into account " + accountId,
                "API token (write): " + token,
                "Move the phishing campaign from " + campaignSender + " to Junk in every mailbox:",
                "  curl -s -X POST " + bulk + " \\",
                "    -H 'Authorization: Bearer " + token + "' -H 'Content-Type: application/json' \\",
                "    -d '{\"action\": \"MOVE\", \"destination\": \"JunkEmail\", \"search_params\": {\"sender\": \""
                        + campaignSender + "\", \"start\": \"" + searchFrom + "\"}}'",
                "Then watch it: curl -s " + bulk + " -H 'Authorization: Bearer " + token + "'");
    }
}
