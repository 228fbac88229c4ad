package io.dragnet.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.dragnet.auth.Permission;
import io.dragnet.corpus.Corpus;
import io.dragnet.corpus.CorpusGenerator;
import io.dragnet.corpus.CorpusSpec;
import io.dragnet.corpus.GeneratedMessage;
import io.dragnet.index.ImportReport;
import io.dragnet.index.Importer;
import io.dragnet.index.MaildirTree;
import io.dragnet.index.VerdictRules;
import io.dragnet.testing.ApiClient.Response;
import io.dragnet.testing.Credentials;
import io.dragnet.testing.TestServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An account of its own on a shared test server, with a generated Maildir tree imported into it:
 * tests that move files never see each other's mail.
 */
final class Tenant {
    static final String TOKEN_NAME = "incident-response";

    final TestServer server;
    final String account;
    final Credentials writer;
    final Corpus corpus;

    private Tenant(TestServer server, String account, Credentials writer, Corpus corpus) {
        this.server = server;
        this.account = account;
        this.writer = writer;
        this.corpus = corpus;
    }

    static Tenant create(TestServer server, Path root, CorpusSpec spec) throws IOException {
        String account = UUID.randomUUID().toString().replace("-", "");
        server.dragnet.accounts().create(account, "Tenant " + spec.seed(), server.clock.instant());
        String token = server.dragnet.tokens().create(TOKEN_NAME, Permission.WRITE, List.of(account), null, server.clock.instant()).secret();
        Corpus corpus = CorpusGenerator.write(root, spec);
        Tenant tenant = new Tenant(server, account, Credentials.bearer(token), corpus);
        ImportReport report = tenant.importTree();
        assertThat(report.rejected()).isEmpty();
        return tenant;
    }

    ImportReport importTree() {
        return new Importer(server.dragnet.database(), VerdictRules.defaults(), MaildirTree.Folders.DEFAULT, server.clock)
                .run(account, List.of(corpus.root()), progress -> { });
    }

    String bulk() {
        return TestServer.bulk(account);
    }

    /** The sender domain of the campaign with the most copies. */
    String campaignDomain() {
        GeneratedMessage biggest = corpus.ofKind(GeneratedMessage.Kind.CAMPAIGN).stream()
                .max((a, b) -> Integer.compare(a.copies().size(), b.copies().size())).orElseThrow();
        return biggest.from().substring(biggest.from().indexOf('@') + 1);
    }

    /** A search window start that covers the whole corpus. */
    String windowStart() {
        return server.clock.instant().minus(Duration.ofDays(62)).toString();
    }

    /** Search parameters whose window covers the whole corpus. */
    String search(String fields) {
        return "{\"start\": \"" + windowStart() + "\"" + (fields.isEmpty() ? "" : ", " + fields) + "}";
    }

    /** Investigate results for a query string, over the whole corpus. */
    JsonNode investigate(String query) {
        return server.api.get("/accounts/" + account + "/email-security/investigate?per_page=1000&detections_only=false&start="
                + windowStart() + "&" + query, writer).result();
    }

    UUID createJob(String body) {
        Response created = server.api.post(bulk(), body, writer);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.result().get("job_id").asText());
    }

    JsonNode job(UUID id) {
        return server.api.get(bulk() + "/" + id, writer).result();
    }

    List<JsonNode> rows(UUID id) {
        List<JsonNode> rows = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode result = server.api.get(bulk() + "/" + id + "/messages?per_page=1000&page=" + page, writer).result();
            if (result.isEmpty()) {
                return rows;
            }
            result.forEach(rows::add);
        }
    }

    /** The generated copy each job row acts on. */
    Map<JsonNode, GeneratedMessage.Copy> copiesOf(List<JsonNode> rows) {
        Map<String, GeneratedMessage.Copy> byKey = new HashMap<>();
        for (GeneratedMessage message : corpus.messages()) {
            for (GeneratedMessage.Copy copy : message.copies()) {
                byKey.put(message.messageId() + " " + copy.mailbox(), copy);
            }
        }
        Map<JsonNode, GeneratedMessage.Copy> copies = new HashMap<>();
        for (JsonNode row : rows) {
            String id = row.get("email_message_id").asText();
            String key = id.replaceAll("^<|>$", "") + " " + row.get("action_params").get("client_recipient").asText();
            GeneratedMessage.Copy copy = byKey.get(key);
            assertThat(copy).as("the corpus wrote a copy for row %s", key).isNotNull();
            copies.put(row, copy);
        }
        return copies;
    }

    /** Every file of the tree, relative to its root. */
    Set<Path> files() {
        try (Stream<Path> all = Files.walk(corpus.root())) {
            Set<Path> files = new HashSet<>();
            all.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("maildirfolder"))
                    .forEach(p -> files.add(corpus.root().relativize(p)));
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path relative(Path file) {
        return corpus.root().relativize(file);
    }
}
