package io.dragnet.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dragnet.corpus.Corpus;
import io.dragnet.corpus.CorpusGenerator;
import io.dragnet.corpus.CorpusSpec;
import io.dragnet.corpus.GeneratedMessage;
import io.dragnet.corpus.GeneratedMessage.Kind;
import io.dragnet.json.Json;
import io.dragnet.json.JsonFields;
import io.dragnet.search.SearchParams;
import io.dragnet.search.SearchParamsParser;
import io.dragnet.testing.ApiClient.Response;
import io.dragnet.testing.ServerPerClass;
import io.dragnet.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every search parameter, alone and combined, over a generated corpus imported through the real
 * importer and searched over HTTP: the API's answer must equal {@link ReferenceSearch}'s answer
 * from what the generator knows it wrote. One subclass per database.
 */
abstract class SearchContract extends ServerPerClass {
    @TempDir
    static Path corpusRoot;
    Corpus corpus;
    Instant now;

    @BeforeAll
    void importCorpus() throws IOException {
        now = server.clock.instant().truncatedTo(ChronoUnit.SECONDS);
        server.clock.set(now);
        corpus = CorpusGenerator.write(corpusRoot, new CorpusSpec(20261123L, 3, 6, 400, now));
        ImportReport report = new Importer(server.dragnet.database(), VerdictRules.defaults(), MaildirTree.Folders.DEFAULT,
                server.clock).run(TestServer.ACCOUNT, List.of(corpus.root()), progress -> { });
        assertThat(report.rejected()).isEmpty();
        assertThat(report.imported()).isEqualTo(corpus.messages().size());
        assertThat(report.imported() + report.newCopies()).isEqualTo(corpus.copies().size());
    }

    /** The message ids the API returns for these parameters, following every cursor. */
    Set<String> apiResult(Map<String, String> params) {
        Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            StringBuilder query = new StringBuilder("?per_page=1000");
            params.forEach((k, v) -> query.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            if (cursor != null) {
                query.append("&cursor=").append(cursor);
            }
            Response response = server.api.get("/accounts/" + TestServer.ACCOUNT + "/email-security/investigate" + query,
                    server.reader());
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            for (JsonNode message : response.result()) {
                assertThat(ids.add(message.get("message_id").asText())).as("listed twice").isTrue();
            }
            JsonNode next = response.json().get("result_info").get("next");
            cursor = next.isNull() ? null : next.asText();
        } while (cursor != null);
        return ids;
    }

    Set<String> expected(Map<String, String> params) {
        SearchParams search = searchParams(params);
        return corpus.messages().stream().filter(g -> ReferenceSearch.matches(g, search))
                .map(GeneratedMessage::messageId).collect(Collectors.toSet());
    }

    /** The parameters as the API reads them from a query string. */
    SearchParams searchParams(Map<String, String> params) {
        ObjectNode node = Json.mapper().createObjectNode();
        params.forEach((k, v) -> {
            if (v.equals("true") || v.equals("false")) {
                node.put(k, Boolean.parseBoolean(v));
            } else {
                node.put(k, v);
            }
        });
        return SearchParamsParser.parse(JsonFields.of(node, "", SearchParamsParser.FIELDS), now);
    }

    static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> difference = new HashSet<>(a);
        difference.removeAll(b);
        return difference;
    }

    static Map<String, String> params(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    GeneratedMessage first(Kind kind) {
        return corpus.ofKind(kind).stream().filter(m -> m.receivedAt().isAfter(now.minus(Duration.ofDays(20)))).findFirst().orElseThrow();
    }

    @TestFactory
    List<DynamicTest> each_parameter_alone_and_combined_selects_what_the_contract_says() {
        String all = now.minus(Duration.ofDays(61)).toString();
        GeneratedMessage campaign = first(Kind.CAMPAIGN);
        GeneratedMessage quarantined = first(Kind.QUARANTINED);
        GeneratedMessage bulk = first(Kind.BULK);
        GeneratedMessage withAttachment = corpus.messages().stream().filter(m -> !m.attachments().isEmpty()).findFirst().orElseThrow();
        GeneratedMessage nonAscii = corpus.messages().stream().filter(m -> !m.subject().chars().allMatch(c -> c < 128)).findFirst().orElseThrow();
        GeneratedMessage withThreat = corpus.messages().stream().filter(m -> !m.threatCategories().isEmpty()).findFirst().orElseThrow();
        String repeatedSubject = corpus.messages().stream().collect(Collectors.groupingBy(GeneratedMessage::subject, Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).findFirst().orElseThrow();
        String linkDomain = corpus.messages().stream().flatMap(m -> m.linkDomains().stream())
                .filter(d -> d.chars().filter(c -> c == '.').count() >= 2).findFirst().orElseThrow();
        String parentOfLink = linkDomain.substring(linkDomain.indexOf('.') + 1);
        String mailbox = campaign.copies().get(0).mailbox();
        // mailboxes not named in To or Cc: the one whose file import read first is in the envelope
        // recipients it recorded, the other only in the copies' table
        List<String> unnamedOwners = corpus.messages().stream()
                .map(m -> m.copies().stream().map(GeneratedMessage.Copy::mailbox)
                        .filter(owner -> !m.to().contains(owner) && !m.cc().contains(owner)).toList())
                .filter(owners -> owners.size() >= 2).findFirst().orElseThrow();
        String[] words = campaign.subject().split("\\s+");

        Map<String, Map<String, String>> cases = new LinkedHashMap<>();
        cases.put("defaults: detections of the last 30 days", params());
        cases.put("everything of 61 days", params("start", all, "detections_only", "false"));
        cases.put("sender address", params("start", all, "sender", campaign.from()));
        cases.put("sender address in capitals", params("start", all, "sender", campaign.from().toUpperCase(Locale.ROOT)));
        cases.put("sender domain", params("start", all, "detections_only", "false", "sender", campaign.from().substring(campaign.from().indexOf('@') + 1)));
        cases.put("envelope sender", params("start", all, "detections_only", "false", "sender", bulk.envelopeFrom()));
        cases.put("recipient address", params("start", all, "detections_only", "false", "recipient", mailbox));
        cases.put("recipient domain", params("start", all, "recipient", mailbox.substring(mailbox.indexOf('@') + 1)));
        cases.put("domain of a link, exactly", params("start", all, "detections_only", "false", "domain", linkDomain));
        cases.put("domain as a parent of link hosts", params("start", all, "detections_only", "false", "domain", parentOfLink));
        cases.put("subject keywords in any order and case", params("start", all, "subject",
                words[words.length - 1].toUpperCase(Locale.ROOT) + " " + words[0]));
        cases.put("non-ASCII subject keyword", params("start", all, "detections_only", "false", "subject", nonAscii.subject().split("\\s+")[0]));
        cases.put("exact subject", params("start", all, "detections_only", "false", "exact_subject", repeatedSubject));
        cases.put("exact subject is case-sensitive", params("start", all, "detections_only", "false", "exact_subject", repeatedSubject.toUpperCase(Locale.ROOT)));
        cases.put("query: attachment name", params("start", all, "detections_only", "false", "query", withAttachment.attachments().get(0).name()));
        cases.put("query: attachment hash", params("start", all, "detections_only", "false", "query", withAttachment.attachments().get(0).sha256Hex()));
        cases.put("query: a mailbox holding a copy, not named in To or Cc", params("start", all, "detections_only", "false",
                "query", unnamedOwners.get(0)));
        cases.put("query: another mailbox holding a copy of it", params("start", all, "detections_only", "false",
                "query", unnamedOwners.get(1)));
        cases.put("query: two terms from different fields", params("start", all, "detections_only", "false", "query",
                campaign.from() + " " + words[0]));
        cases.put("message id with brackets", params("start", all, "detections_only", "false", "message_id", "<" + bulk.messageId() + ">"));
        cases.put("message id without brackets", params("start", all, "detections_only", "false", "message_id", bulk.messageId()));
        cases.put("final disposition BULK", params("start", all, "final_disposition", "BULK"));
        cases.put("final disposition MALICIOUS", params("start", all, "final_disposition", "MALICIOUS"));
        cases.put("final disposition NONE needs detections_only false", params("start", all, "final_disposition", "NONE", "detections_only", "false"));
        cases.put("quarantined copies", params("start", all, "delivery_status", "quarantined"));
        cases.put("delivered copies", params("start", all, "detections_only", "false", "delivery_status", "delivered"));
        cases.put("HELO IP", params("start", all, "smtp_helo_ip", campaign.heloIp()));
        cases.put("metric, any case", params("start", all, "detections_only", "false", "metric", withThreat.threatCategories().get(0).toUpperCase(Locale.ROOT)));
        cases.put("submissions only", params("start", all, "submissions", "true"));
        cases.put("message action (nothing acted on yet)", params("start", all, "message_action", "MOVED"));
        cases.put("window: the last 10 days", params("start", now.minus(Duration.ofDays(10)).toString(), "detections_only", "false"));
        cases.put("window: an explicit end", params("start", all, "end", now.minus(Duration.ofDays(20)).toString(), "detections_only", "false"));
        cases.put("combined: sender domain + recipient domain + quarantined", params("start", all,
                "sender", quarantined.from().substring(quarantined.from().indexOf('@') + 1),
                "recipient", quarantined.copies().get(0).mailbox().substring(quarantined.copies().get(0).mailbox().indexOf('@') + 1),
                "delivery_status", "quarantined"));
        cases.put("combined: domain + disposition + subject", params("start", all, "domain", campaign.from().substring(campaign.from().indexOf('@') + 1),
                "final_disposition", campaign.disposition(), "subject", words[0]));
        cases.put("combined: recipient + query + window", params("start", now.minus(Duration.ofDays(30)).toString(),
                "detections_only", "false", "recipient", mailbox, "query", mailbox.substring(0, mailbox.indexOf('@'))));

        List<String> mustFind = List.of("sender address", "sender domain", "envelope sender", "recipient address",
                "domain of a link, exactly", "domain as a parent of link hosts", "subject keywords in any order and case",
                "non-ASCII subject keyword", "exact subject", "query: attachment name", "query: attachment hash",
                "query: a mailbox holding a copy, not named in To or Cc", "query: another mailbox holding a copy of it",
                "message id with brackets", "final disposition BULK", "quarantined copies", "HELO IP", "metric, any case",
                "combined: sender domain + recipient domain + quarantined");
        List<DynamicTest> tests = new ArrayList<>();
        cases.forEach((name, params) -> tests.add(DynamicTest.dynamicTest(name, () -> {
            Set<String> expected = expected(params);
            if (mustFind.contains(name)) {
                assertThat(expected).as("the corpus must give %s something to find", name).isNotEmpty();
            }
            Set<String> actual = apiResult(params);
            assertThat(actual).as("%s %s: missing %s, unexpected %s", name, params, minus(expected, actual), minus(actual, expected))
                    .isEqualTo(expected);
        })));
        return tests;
    }

    /** The message ids in the order the API lists them, a few per page, by page number or by cursor. */
    List<String> listed(Map<String, String> params, int perPage, boolean byCursor) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int page = 1; ; page++) {
            StringBuilder query = new StringBuilder("?per_page=").append(perPage);
            params.forEach((k, v) -> query.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            query.append(byCursor ? cursor == null ? "" : "&cursor=" + cursor : "&page=" + page);
            Response response = server.api.get("/accounts/" + TestServer.ACCOUNT + "/email-security/investigate" + query,
                    server.reader());
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            response.result().forEach(message -> ids.add(message.get("message_id").asText()));
            JsonNode next = response.json().get("result_info").get("next");
            cursor = next == null || next.isNull() ? null : next.asText();
            if (response.result().size() < perPage || byCursor && cursor == null) {
                return ids;
            }
        }
    }

    @Test
    void a_sender_search_pages_newest_first_without_gaps() {
        // Per sender domain: {matches, From only, envelope sender only}. The busiest domain pages
        // through many messages; a domain that is the From domain of some messages and only the
        // envelope sender's of others makes each page merge both of the search's ordered branches.
        Map<String, long[]> byDomain = new LinkedHashMap<>();
        for (GeneratedMessage m : corpus.messages()) {
            String from = domainOf(m.from());
            String envelope = m.envelopeFrom() == null ? from : domainOf(m.envelopeFrom());
            byDomain.computeIfAbsent(from, d -> new long[3])[0]++;
            if (!envelope.equals(from)) {
                byDomain.get(from)[1]++;
                long[] counts = byDomain.computeIfAbsent(envelope, d -> new long[3]);
                counts[0]++;
                counts[2]++;
            }
        }
        String busiest = byDomain.entrySet().stream().max(Comparator.comparingLong(e -> e.getValue()[0])).orElseThrow().getKey();
        String mixed = byDomain.entrySet().stream().filter(e -> e.getValue()[1] > 0 && e.getValue()[2] > 0)
                .max(Comparator.comparingLong(e -> e.getValue()[0])).orElseThrow().getKey();
        assertPagesNewestFirst(busiest, 3);
        assertPagesNewestFirst(mixed, 1);
    }

    private void assertPagesNewestFirst(String senderDomain, int perPage) {
        Map<String, String> params = params("start", now.minus(Duration.ofDays(61)).toString(), "detections_only", "false",
                "sender", senderDomain);
        Set<String> expected = expected(params);
        assertThat(expected).as("messages from or sent through %s", senderDomain).hasSizeGreaterThan(perPage);

        List<String> onePage = listed(params, 1000, false);
        assertThat(onePage).as(senderDomain).containsExactlyInAnyOrderElementsOf(expected);
        Map<String, Instant> received = corpus.messages().stream()
                .collect(Collectors.toMap(GeneratedMessage::messageId, GeneratedMessage::receivedAt));
        assertThat(onePage.stream().map(received::get).toList()).as(senderDomain).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(listed(params, perPage, false)).as("%s by page number", senderDomain).isEqualTo(onePage);
        assertThat(listed(params, perPage, true)).as("%s by cursor", senderDomain).isEqualTo(onePage);
    }

    private static String domainOf(String address) {
        return address.substring(address.indexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    @Test
    void an_alert_id_finds_exactly_its_message() {
        GeneratedMessage campaign = first(Kind.CAMPAIGN);
        Response found = server.api.get("/accounts/" + TestServer.ACCOUNT + "/email-security/investigate?message_id="
                + URLEncoder.encode(campaign.messageId(), StandardCharsets.UTF_8), server.reader());
        String alertId = found.result().get(0).get("alert_id").asText();
        assertThat(apiResult(params("start", now.minus(Duration.ofDays(61)).toString(), "alert_id", alertId)))
                .containsExactly(campaign.messageId());
    }

    @Test
    void every_fact_the_generator_wrote_reads_back_from_the_index() {
        MessageIndex index = new MessageIndex(server.dragnet.database());
        SearchParams everything = new SearchParams(now.minus(Duration.ofDays(61)), now, null, null, null, null, null, null,
                null, null, null, false, null, null, null, null, false, false);
        Map<String, InvestigateMessage> byMessageId = new LinkedHashMap<>();
        index.search(TestServer.ACCOUNT, everything, null, 0, 1000).messages().forEach(m -> byMessageId.put(m.messageId(), m));
        assertThat(byMessageId).hasSize(corpus.messages().size());
        for (GeneratedMessage g : corpus.messages()) {
            InvestigateMessage m = byMessageId.get(g.messageId());
            String where = g.kind() + " " + g.messageId();
            assertThat(m.from()).as(where).isEqualTo(g.from());
            assertThat(m.fromName()).as(where).isEqualTo(g.fromName());
            assertThat(m.envelopeFrom()).as(where).isEqualTo(g.envelopeFrom());
            assertThat(m.to()).as(where).isEqualTo(g.to());
            assertThat(m.subject()).as(where).isEqualTo(g.subject());
            assertThat(m.sentAt()).as(where).isEqualTo(g.sentAt());
            assertThat(m.ts()).as(where).isEqualTo(g.receivedAt());
            assertThat(m.smtpHeloServerIp()).as(where).isEqualTo(g.heloIp());
            assertThat(m.smtpPreviousHopIp()).as(where).isEqualTo(g.previousHopIp());
            assertThat(m.xOriginatingIp()).as(where).isEqualTo(g.originatingIp());
            assertThat(m.validation()).as(where).isEqualTo(new InvestigateMessage.Validation(g.spf(), g.dkim(), g.dmarc()));
            assertThat(m.finalDisposition().wire()).as(where).isEqualTo(g.disposition());
            assertThat(m.threatCategories()).as(where).isEqualTo(g.threatCategories());
            assertThat(m.clientRecipients()).as(where)
                    .containsExactlyInAnyOrderElementsOf(g.copies().stream().map(GeneratedMessage.Copy::mailbox).distinct().toList());
            assertThat(m.deliveryStatus()).as(where).containsExactlyInAnyOrderElementsOf(ReferenceSearch.statuses(g));
            assertThat(m.alertId() != null).as(where).isEqualTo(m.finalDisposition().isDetection());
        }
    }

    @Test
    void re_importing_the_corpus_adds_nothing() {
        ImportReport again = new Importer(server.dragnet.database(), VerdictRules.defaults(), MaildirTree.Folders.DEFAULT,
                server.clock).run(TestServer.ACCOUNT, List.of(corpus.root()), progress -> { });
        assertThat(again.imported()).isZero();
        assertThat(again.newCopies()).isZero();
        assertThat(again.present()).isEqualTo(corpus.copies().size());
    }
}
