package io.dragnet.cli;

import io.dragnet.testing.ApiClient;
import io.dragnet.testing.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dragnet serve} as its own process on the embedded store, with the CLI acting on the same
 * store while it runs, then stopped by SIGTERM.
 */
class ServeProcessTest {
    private static final Pattern LISTENING = Pattern.compile("Dragnet API listening on (http://\\S+/client/v4)");

    @TempDir
    Path data;

    @Test
    void a_token_created_while_serve_runs_works_at_once_and_sigterm_stops_it_cleanly() throws Exception {
        Path stderr = data.resolve("serve.err");
        Process serve = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "io.dragnet.cli.Main", "serve", "--port", "0", "--data", data.resolve("store").toString()))
                .redirectError(stderr.toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertThat(first).as("first line of serve; stderr: %s", Files.exists(stderr) ? Files.readString(stderr) : "").isNotNull();
            Matcher listening = LISTENING.matcher(first);
            assertThat(listening.matches()).as(first).isTrue();
            String baseUrl = listening.group(1);

            String store = data.resolve("store").toString();
            String account = CliTest.dragnet("account", "create", "--name", "Live", "--data", store).line();
            String token = CliTest.dragnet("token", "create", "--account", account, "--permission", "write", "--data", store).line();

            ApiClient.Response created = new ApiClient(baseUrl).post("/accounts/" + account + "/email-security/investigate/bulk",
                    "{\"action\": \"RELEASE\", \"search_params\": {}}", Credentials.bearer(token));
            assertThat(created.status()).isEqualTo(201);

            serve.destroy(); // SIGTERM
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("serve exits after SIGTERM").isTrue();
            assertThat(serve.exitValue()).isEqualTo(143);
            assertThat(Files.readString(stderr)).doesNotContain("Exception").doesNotContain("ERROR");
        } finally {
            serve.destroyForcibly();
        }
    }
}
