package io.dragnet.compat;

import io.dragnet.store.Vendor;
import io.dragnet.testing.JobRows;
import io.dragnet.testing.TestDatabase;
import io.dragnet.testing.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives a real server with the official Cloudflare TypeScript SDK (src/test/sdk, pinned to 7.3.0)
 * through Node's test runner. Skipped without Node.js, unless {@code DRAGNET_REQUIRE_NODE=true}
 * (scripts/test sets it), where a missing Node.js fails the build.
 */
class CloudflareSdkCompatTest {
    private static final Path SDK_DIR = Path.of(System.getProperty("dragnet.sdk.dir", "src/test/sdk"));
    private static final int SEEDED_ROWS = 12;

    @Test
    void the_official_sdk_drives_every_bulk_endpoint() throws Exception {
        requireNode();
        installSdk();
        try (TestDatabase database = TestDatabase.of(Vendor.H2); TestServer server = TestServer.start(database)) {
            String seeded = server.api.post(TestServer.bulk(), """
                    {"action": "RELEASE", "search_params": {}}""", server.writer()).result().get("job_id").asText();
            JobRows.addPending(server.dragnet.database(), UUID.fromString(seeded), SEEDED_ROWS, server.clock.instant());

            Map<String, String> env = Map.of(
                    "DRAGNET_BASE_URL", server.dragnet.baseUrl(),
                    "DRAGNET_ACCOUNT_ID", TestServer.ACCOUNT,
                    "DRAGNET_OTHER_ACCOUNT_ID", TestServer.OTHER_ACCOUNT,
                    "DRAGNET_WRITE_TOKEN", server.writeToken,
                    "DRAGNET_READ_TOKEN", server.readToken,
                    "DRAGNET_AUTH_EMAIL", TestServer.USER_EMAIL,
                    "DRAGNET_AUTH_KEY", server.userKey,
                    "DRAGNET_SEEDED_JOB_ID", seeded,
                    "DRAGNET_SEEDED_JOB_ROWS", Integer.toString(SEEDED_ROWS));
            Result result = run(List.of("node", "--test", "--test-reporter=tap", "compat.test.mjs"), env, 300);
            System.out.println(result.output());
            assertThat(result.exitCode()).as("node --test compat.test.mjs:%n%s", result.output()).isZero();
            assertThat(result.output()).contains("# fail 0").containsPattern("# pass [1-9]");
        }
    }

    private static void requireNode() throws Exception {
        boolean present;
        try {
            present = run(List.of("node", "--version"), Map.of(), 30).exitCode() == 0;
        } catch (IOException e) {
            present = false;
        }
        if (!present) {
            String message = "Node.js is not on the PATH; install it (scripts/test needs it) to run the Cloudflare SDK compatibility test.";
            if (Boolean.parseBoolean(System.getenv("DRAGNET_REQUIRE_NODE"))) {
                throw new IllegalStateException(message);
            }
            Assumptions.abort(message);
        }
    }

    /** npm ci from the committed lock file, once per checkout. */
    private static void installSdk() throws Exception {
        if (Files.isRegularFile(SDK_DIR.resolve("node_modules/cloudflare/package.json"))) {
            return;
        }
        Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 600);
        assertThat(install.exitCode()).as("npm ci in %s:%n%s", SDK_DIR, install.output()).isZero();
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, Map<String, String> env, long timeoutSeconds) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(SDK_DIR.toFile()).redirectErrorStream(true);
        // the SDK reads these when present; the test must use only the credentials it is given
        builder.environment().keySet().removeIf(name -> name.startsWith("CLOUDFLARE_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + "s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
