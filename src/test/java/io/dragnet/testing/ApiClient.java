package io.dragnet.testing;

import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the API over real HTTP. Every response is checked on the way back: it is the contract's
 * JSON envelope, it carries no stack trace, and it passes the OpenAPI validator where the spec
 * describes the operation.
 */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Spec paths the scope serves; the validator judges only these. */
    private static final Set<String> NOT_IN_SPEC = Set.of(
            "validation.response.path.missing", "validation.response.operation.notAllowed");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Response get(String path, Credentials credentials) {
        return send("GET", path, null, credentials);
    }

    public Response post(String path, String body, Credentials credentials) {
        return send("POST", path, body, credentials);
    }

    public Response delete(String path, Credentials credentials) {
        return send("DELETE", path, null, credentials);
    }

    /** @param path below the base URL, starting with '/', query string included */
    public Response send(String method, String path, String body, Credentials credentials) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        credentials.headers().forEach(request::header);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        Response result = Response.of(response);
        checkEnvelope(method, URI.create(baseUrl + path).getRawPath(), result);
        return result;
    }

    static void checkEnvelope(String method, String rawPath, Response response) {
        String where = method + " " + rawPath + " -> " + response.status() + " " + response.body();
        assertThat(response.contentType()).as(where).startsWith("application/json");
        JsonNode json = response.json();
        assertThat(json.has("success") && json.has("errors") && json.has("messages") && json.has("result")).as(where).isTrue();
        if (!json.get("success").booleanValue()) {
            // only failures: a success carries mail, whose text may say anything
            assertThat(response.body()).as(where).doesNotContain("Exception", "\tat ", "SQL", "org.h2", "postgresql");
            assertThat(json.get("result").isNull()).as(where).isTrue();
            assertThat(json.get("errors").size()).as(where).isGreaterThanOrEqualTo(1);
            json.get("errors").forEach(error -> assertThat(error.get("code").asInt()).as(where).isGreaterThanOrEqualTo(1000));
        }
        ValidationReport report = OpenApiContract.validate(method, rawPath, response.status(), response.contentType(), response.body());
        List<ValidationReport.Message> problems = report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .filter(m -> !NOT_IN_SPEC.contains(m.getKey()))
                .filter(m -> !OpenApiContract.isKnownSpecQuirk(m))
                // the spec lists no 5XX responses; the envelope check above covers them
                .filter(m -> !(response.status() >= 500 && m.getKey().equals("validation.response.status.unknown")))
                .toList();
        assertThat(problems).as("OpenAPI validation of " + where).isEmpty();
    }

    /** A response with its body parsed. */
    public record Response(int status, String contentType, String retryAfter, String requestId, String body, JsonNode json) {
        static Response of(HttpResponse<String> response) {
            JsonNode json;
            try {
                json = JSON.readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError("response is not JSON: " + response.statusCode() + " " + response.body(), e);
            }
            return new Response(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("Retry-After").orElse(null),
                    response.headers().firstValue("X-Request-Id").orElse(null),
                    response.body(), json);
        }

        public JsonNode result() {
            return json.get("result");
        }

        public JsonNode error() {
            return json.get("errors").get(0);
        }

        public int errorCode() {
            return error().get("code").asInt();
        }

        public String pointer() {
            JsonNode source = error().get("source");
            return source == null ? null : source.get("pointer").asText();
        }
    }
}
