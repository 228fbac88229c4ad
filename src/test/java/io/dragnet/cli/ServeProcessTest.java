package io.dragnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.dragnet.testing.ApiClient;
import io.dragnet.testing.Credentials;
import io.dragnet.testing.DragnetProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code dragnet serve} as its own process on the embedded store, with the CLI acting on the same
 * store while it runs, then stopped by SIGTERM.
 */
class ServeProcessTest {
    @TempDir
    Path data;

    @Test
    void a_token_created_while_serve_runs_works_at_once_and_sigterm_stops_it_cleanly() throws Exception {
        try (DragnetProcess serve = DragnetProcess.start(data.resolve("serve.err"),
                "serve", "--port", "0", "--data", data.resolve("store").toString())) {
            String baseUrl = serve.baseUrl();

            String store = data.resolve("store").toString();
            String account = CliTest.dragnet("account", "create", "--name", "Live", "--data", store).line();
            String token = CliTest.dragnet("token", "create", "--account", account, "--permission", "write", "--data", store).line();

            ApiClient.Response created = new ApiClient(baseUrl).post("/accounts/" + account + "/email-security/investigate/bulk",
                    "{\"action\": \"RELEASE\", \"search_params\": {}}", Credentials.bearer(token));
            assertThat(created.status()).isEqualTo(201);
            String job = "/accounts/" + account + "/email-security/investigate/bulk/" + created.result().get("job_id").asText();
            // the engine inside serve takes the job at once: it matches nothing here, so it completes and says so
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    new ApiClient(baseUrl).get(job, Credentials.bearer(token)).result().get("status_message").asText())
                    .startsWith("No message matched"));

            serve.process().destroy(); // SIGTERM
            assertThat(serve.process().waitFor(30, TimeUnit.SECONDS)).as("serve exits after SIGTERM").isTrue();
            assertThat(serve.process().exitValue()).isEqualTo(143);
            assertThat(serve.stderrText()).doesNotContain("Exception").doesNotContain("ERROR");
        }
    }

    @Test
    void serve_demo_needs_nothing_else_and_its_printed_request_moves_the_campaign_to_junk() throws Exception {
        try (DragnetProcess serve = DragnetProcess.start(data.resolve("demo.err"), List.of("-Djava.io.tmpdir=" + data),
                "serve", "--demo", "--port", "0")) {
            String baseUrl = serve.baseUrl();
            Map<String, String> printed = new HashMap<>();
            for (String line = serve.readLine(); !line.startsWith("Then watch it"); line = serve.readLine()) {
                Matcher value = Pattern.compile("(API token \\(write\\): |into account |-d ')(\\S+|\\{.*})'?$").matcher(line.strip());
                if (value.find()) {
                    printed.put(value.group(1), value.group(2));
                }
            }
            assertThat(printed).containsKeys("API token (write): ", "into account ", "-d '");
            Credentials token = Credentials.bearer(printed.get("API token (write): "));
            String bulk = "/accounts/" + printed.get("into account ") + "/email-security/investigate/bulk";

            ApiClient api = new ApiClient(baseUrl);
            ApiClient.Response created = api.post(bulk, printed.get("-d '"), token);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            JsonNode done = await().atMost(Duration.ofSeconds(60))
                    .until(() -> api.get(bulk + "/" + created.result().get("job_id").asText(), token).result(),
                            job -> job.get("status").asText().equals("COMPLETED"));
            assertThat(done.get("messages_successful").asInt()).isPositive().isEqualTo(done.get("total_messages_discovered").asInt());
            assertThat(done.get("status_message").asText()).endsWith("messages moved to JunkEmail.");
        }
    }
}
