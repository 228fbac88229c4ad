package io.dragnet.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.dragnet.index.ImportReport;
import io.dragnet.index.Importer;
import io.dragnet.index.MaildirTree;
import io.dragnet.index.VerdictRules;
import io.dragnet.testing.ApiClient.Response;
import io.dragnet.testing.Credentials;
import io.dragnet.testing.SampleMail;
import io.dragnet.testing.ServerPerClass;
import io.dragnet.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.dragnet.testing.TestServer.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Investigate endpoints over HTTP on a small imported Maildir: the message object, paging,
 * and the errors. What each search parameter selects is checked against a generated corpus in
 * {@code io.dragnet.index.SearchContract}.
 */
abstract class InvestigateApiContract extends ServerPerClass {
    /** Deleted by JUnit after the class, like the server. */
    @TempDir
    static Path mailRoot;
    static final String SEARCH = "/accounts/" + ACCOUNT + "/email-security/investigate";
    static final String SINCE = "?start=2026-11-01T00:00:00Z";

    @BeforeAll
    void importMail() throws IOException {
        Path root = mailRoot;
        for (String user : List.of("alice", "bob")) {
            Path cur = Files.createDirectories(root.resolve("example.com").resolve(user).resolve("cur"));
            Files.writeString(cur.resolve(maildirName(Instant.parse("2026-11-23T12:00:05Z"), 1) + ":2,S"),
                    SampleMail.PHISH.replace("Delivered-To: alice@example.com", "Delivered-To: " + user + "@example.com"));
        }
        Path quarantine = Files.createDirectories(root.resolve("example.com/alice/.Quarantine/cur"));
        for (int i = 0; i < 5; i++) {
            Files.writeString(quarantine.resolve(maildirName(Instant.parse("2026-11-23T10:00:00Z").plusSeconds(i), 10 + i) + ":2,"), """
                    From: billing@invoices.example
                    To: alice@example.com
                    Subject: Invoice %d
                    Date: Mon, 23 Nov 2026 10:0%d:00 +0000
                    Message-ID: <invoice-%d@invoices.example>
                    X-Rspamd-Action: reject

                    Pay now.
                    """.formatted(i, i, i));
        }
        server.clock.set(Instant.parse("2026-11-24T00:00:00Z"));
        ImportReport report = new Importer(server.dragnet.database(), VerdictRules.defaults(), MaildirTree.Folders.DEFAULT,
                server.clock).run(ACCOUNT, List.of(root), progress -> { });
        assertThat(report.imported()).isEqualTo(6);
        assertThat(report.newCopies()).isEqualTo(1);
    }

    /** A Maildir file name, which starts with the delivery time: the arrival time of mail without Received headers. */
    static String maildirName(Instant deliveredAt, int unique) {
        return deliveredAt.getEpochSecond() + ".M" + unique + "P1.mx1";
    }

    Response search(String query) {
        return server.api.get(SEARCH + SINCE + query, server.reader());
    }

    @Test
    void a_search_returns_the_contracts_message_object() {
        Response response = search("&sender=ceo@evil.example");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.result().size()).isEqualTo(1);
        JsonNode m = response.result().get(0);
        assertThat(m.get("postfix_id").asText()).matches("[0-9A-Za-z]{16}");
        assertThat(m.get("id").asText()).startsWith(m.get("postfix_id").asText() + "-2026-11-23T12:00:05-");
        assertThat(m.get("client_recipients").toString()).isEqualTo("[\"alice@example.com\",\"bob@example.com\"]");
        assertThat(m.get("subject").asText()).isEqualTo("Rechnung März überfällig");
        assertThat(m.get("from").asText()).isEqualTo("ceo@evil.example");
        assertThat(m.get("from_name").asText()).isEqualTo("Jürgen Müller");
        assertThat(m.get("to").toString()).isEqualTo("[\"alice@example.com\",\"bob@example.com\"]");
        assertThat(m.get("to_name").toString()).isEqualTo("[\"Alice\",\"\"]");
        assertThat(m.get("envelope_from").asText()).isEqualTo("bounce@evil.example");
        assertThat(m.get("message_id").asText()).isEqualTo("abc123@evil.example");
        assertThat(m.get("final_disposition").asText()).isEqualTo("MALICIOUS");
        assertThat(m.get("alert_id").asText()).isNotBlank();
        assertThat(m.get("delivery_status").toString()).isEqualTo("[\"delivered\"]");
        assertThat(m.get("is_quarantined").booleanValue()).isFalse();
        assertThat(m.get("smtp_helo_server_ip").asText()).isEqualTo("203.0.113.9");
        assertThat(m.get("smtp_previous_hop_ip").asText()).isEqualTo("198.51.100.7");
        assertThat(m.get("x_originating_ip").asText()).isEqualTo("198.51.100.7");
        assertThat(m.get("validation").toString()).isEqualTo("{\"spf\":\"fail\",\"dkim\":\"none\",\"dmarc\":\"fail\"}");
        assertThat(m.get("threat_categories").toString()).isEqualTo("[\"URIBL_PHISH\",\"FORGED_SENDER\",\"credential_harvester\"]");
        assertThat(m.get("ts").asText()).isEqualTo("2026-11-23T12:00:05.000Z");
        assertThat(m.get("sent_at").asText()).isEqualTo("2026-11-23T11:59:50.000Z");
        assertThat(m.get("action_log").size()).isZero();

        Response one = server.api.get(SEARCH + "/" + m.get("id").asText(), server.reader());
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.result()).isEqualTo(m);
    }

    @Test
    void quarantined_copies_are_reported_as_such() {
        Response response = search("&delivery_status=quarantined");
        assertThat(response.result().size()).isEqualTo(5);
        response.result().forEach(m -> {
            assertThat(m.get("is_quarantined").booleanValue()).isTrue();
            assertThat(m.get("delivery_status").toString()).isEqualTo("[\"quarantined\"]");
        });
    }

    @Test
    void pages_by_number_and_by_cursor_agree_newest_first() {
        List<String> byPage = new ArrayList<>();
        for (int page = 1; page <= 4; page++) {
            search("&per_page=2&page=" + page).result().forEach(m -> byPage.add(m.get("id").asText()));
        }
        List<String> byCursor = new ArrayList<>();
        String cursor = null;
        do {
            Response response = search("&per_page=2" + (cursor == null ? "" : "&cursor=" + cursor));
            response.result().forEach(m -> byCursor.add(m.get("id").asText()));
            JsonNode next = response.json().get("result_info").get("next");
            cursor = next.isNull() ? null : next.asText();
        } while (cursor != null);
        assertThat(byPage).hasSize(6).doesNotHaveDuplicates().isEqualTo(byCursor);
        List<String> times = new ArrayList<>();
        search("&per_page=10").result().forEach(m -> times.add(m.get("ts").asText()));
        assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void another_accounts_index_is_invisible() {
        Response other = server.api.get("/accounts/" + TestServer.OTHER_ACCOUNT + "/email-security/investigate" + SINCE,
                Credentials.bearer(server.otherAccountToken));
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.result().size()).isZero();
        String id = search("").result().get(0).get("id").asText();
        Response theirs = server.api.get("/accounts/" + TestServer.OTHER_ACCOUNT + "/email-security/investigate/" + id,
                Credentials.bearer(server.otherAccountToken));
        assertThat(theirs.status()).isEqualTo(404);
        assertThat(theirs.errorCode()).isEqualTo(1106);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad start             | ?start=monday                                 | 1007 | /query/start
            start after end       | ?start=2026-11-10T00:00:00Z&end=2026-11-01T00:00:00Z | 1008 | /query/start
            start in the future   | ?start=2999-01-01T00:00:00Z&end=2999-01-02T00:00:00Z | 1008 | /query/start
            bad boolean           | ?detections_only=yes                          | 1003 | /query/detections_only
            bad disposition       | ?final_disposition=EVIL                        | 1005 | /query/final_disposition
            bad delivery status   | ?delivery_status=lost                          | 1005 | /query/delivery_status
            bad message action    | ?message_action=DELETED                        | 1005 | /query/message_action
            bad cursor            | ?cursor=not-a-cursor                           | 1003 | /query/cursor
            per_page too big      | ?per_page=1001                                 | 1006 | /query/per_page
            """)
    void bad_query_parameters_are_400s_naming_them(String name, String query, int code, String pointer) {
        Response response = server.api.get(SEARCH + query, server.reader());
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo(code);
        assertThat(response.pointer()).isEqualTo(pointer);
    }

    @Test
    void message_lookups_check_the_id_and_the_credentials() {
        assertThat(server.api.get(SEARCH + "/no-such-message", server.reader()).errorCode()).isEqualTo(1106);
        Response bad = server.api.get(SEARCH + "/" + "x".repeat(101), server.reader());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.pointer()).isEqualTo("/path/investigate_id");
        assertThat(server.api.get(SEARCH + SINCE, Credentials.NONE).status()).isEqualTo(401);
        assertThat(server.api.send("POST", SEARCH, "{}", server.writer()).status()).isEqualTo(405);
    }
}
