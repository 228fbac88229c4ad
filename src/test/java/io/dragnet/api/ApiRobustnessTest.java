package io.dragnet.api;

import io.dragnet.store.Vendor;
import io.dragnet.testing.ApiClient.Response;
import io.dragnet.testing.Credentials;
import io.dragnet.testing.TestDatabase;
import io.dragnet.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.dragnet.testing.TestServer.bulk;
import static org.assertj.core.api.Assertions.assertThat;

/** No input, however malformed, gets a 500 or a stack trace; and the rows for 429 and 500 of the error table, on both databases. */
class ApiRobustnessTest {

    @Test
    void mangled_create_bodies_are_400s_never_500s() {
        String valid = """
                {"action":"MOVE","destination":"JunkEmail","comment":"c","expected_disposition":"SPAM",
                 "search_params":{"start":"2026-01-01T00:00:00Z","sender":"a@b.c","detections_only":true,"final_disposition":"SPAM"}}""";
        String alphabet = "{}[]\":,0123456789.eE+-truefalsn \\u00e9\u0000\u00ff/~\t\n";
        Random random = new Random(20261123);
        try (TestDatabase database = TestDatabase.of(Vendor.H2); TestServer server = TestServer.start(database)) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                StringBuilder body = new StringBuilder(valid);
                int edits = 1 + random.nextInt(4);
                for (int e = 0; e < edits; e++) {
                    int at = random.nextInt(body.length());
                    switch (random.nextInt(3)) {
                        case 0 -> body.deleteCharAt(at);
                        case 1 -> body.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                        default -> body.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
                Response response = server.api.post(bulk(), body.toString(), server.writer());
                assertThat(response.status()).as(body.toString()).isIn(201, 400);
                statuses.add(response.status());
            }
            // the mutations must have produced both outcomes, or the test proves nothing
            assertThat(statuses).contains(201, 400);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GET /client/v4/accounts/x/email-security/investigate/bulk/%zz HTTP/1.1",
            "GET /client/v4/accounts/%ff%fe/email-security/investigate/bulk HTTP/1.1",
            "GET /client/v4/accounts/0123456789abcdef0123456789abcdef/email-security/investigate/bulk?page=%zz HTTP/1.1",
            "GET /client/v4/../../etc/passwd HTTP/1.1",
            "BREW /client/v4 HTTP/1.1",
            "GET /client/v4/\u0001 HTTP/1.1",
            "GET client/v4 HTTP/1.1",
            "GET /client/v4 HTTP/9.9"})
    void raw_malformed_requests_get_a_json_envelope_and_no_500(String requestLine) throws IOException {
        try (TestDatabase database = TestDatabase.of(Vendor.H2); TestServer server = TestServer.start(database)) {
            String reply = raw(server, requestLine + "\r\nHost: localhost\r\nAuthorization: Bearer " + server.writeToken
                    + "\r\nConnection: close\r\n\r\n");
            String statusLine = reply.lines().findFirst().orElse("");
            // 505 is the one 5xx a client can cause: it names an HTTP version the server does not speak
            assertThat(statusLine).as(reply).matches("HTTP/1\\.1 (4\\d\\d|505) .*");
            String body = reply.substring(reply.indexOf("\r\n\r\n") + 4);
            assertThat(body).as(reply).contains("\"success\":false").contains("\"result\":null").doesNotContain("Exception", "<html");
        }
    }

    @Test
    void oversized_headers_get_a_json_envelope() throws IOException {
        try (TestDatabase database = TestDatabase.of(Vendor.H2); TestServer server = TestServer.start(database)) {
            String reply = raw(server, "GET /client/v4 HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(64 * 1024)
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(reply).startsWith("HTTP/1.1 431").contains("\"success\":false").doesNotContain("<html");
        }
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void a_credential_over_its_rate_limit_gets_429_with_retry_after(Vendor vendor) {
        try (TestDatabase database = TestDatabase.of(vendor);
             TestServer server = TestServer.start(database, new RateLimiter.Limit(3, Duration.ofHours(1)))) {
            for (int i = 0; i < 3; i++) {
                assertThat(server.api.get(bulk(), server.reader()).status()).isEqualTo(200);
            }
            Response limited = server.api.get(bulk(), server.reader());
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.errorCode()).isEqualTo(10429);
            assertThat(Long.parseLong(limited.retryAfter())).isBetween(1L, 3600L);
            // the limit is per credential: another token is unaffected
            assertThat(server.api.get(bulk(), server.writer()).status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void an_unexpected_failure_is_a_500_with_a_request_id_and_no_details(Vendor vendor) {
        try (TestDatabase database = TestDatabase.of(vendor); TestServer server = TestServer.start(database)) {
            String token = server.writeToken;
            server.dragnet.database().close(); // the store goes away under a running server
            Response response = server.api.get(bulk(), Credentials.bearer(token));
            assertThat(response.status()).isEqualTo(500);
            assertThat(response.errorCode()).isEqualTo(1000);
            assertThat(response.requestId()).isNotBlank();
            assertThat(response.error().get("message").asText()).contains(response.requestId())
                    .doesNotContain("Hikari", "closed", "jdbc");
        }
    }

    private static String raw(TestServer server, String request) throws IOException {
        URI uri = URI.create(server.dragnet.baseUrl());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            in.transferTo(reply);
            return reply.toString(StandardCharsets.UTF_8);
        }
    }
}
