package io.dragnet.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.dragnet.testing.ApiClient.Response;
import io.dragnet.testing.Credentials;
import io.dragnet.testing.JobRows;
import io.dragnet.testing.ServerPerClass;
import io.dragnet.testing.TestServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.dragnet.testing.TestServer.OTHER_ACCOUNT;
import static io.dragnet.testing.TestServer.bulk;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The six bulk-job endpoints over HTTP, row by row of the contract's endpoint table, on one
 * database vendor per subclass. Error rows live in {@link BulkApiErrorsContract}.
 */
abstract class BulkApiContract extends ServerPerClass {
    static final String MOVE = """
            {"action": "MOVE", "destination": "JunkEmail", "search_params": {"sender": "ceo@evil.example"}}""";
    static final String RELEASE = """
            {"action": "RELEASE", "search_params": {"subject": "invoice", "detections_only": false}}""";

    JsonNode create(String body) {
        Response response = server.api.post(bulk(), body, server.writer());
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.result();
    }

    String createId(String body) {
        return create(body).get("job_id").asText();
    }

    @Nested
    class Create {
        @Test
        void a_move_job_is_stored_pending_with_zero_counters_and_defaults_filled_in() {
            Instant now = server.clock.instant();
            Response response = server.api.post(bulk(), """
                    {"action": "MOVE", "destination": "DeletedItems", "comment": "phish wave 3",
                     "search_params": {"sender": "ceo@evil.example", "subject": "wire transfer"}}""", server.writer());

            assertThat(response.status()).isEqualTo(201);
            assertThat(response.json().get("success").booleanValue()).isTrue();
            JsonNode job = response.result();
            assertThat(UUID.fromString(job.get("job_id").asText())).isNotNull();
            assertThat(job.get("action_type").asText()).isEqualTo("MOVE");
            assertThat(job.get("action_params").toString()).isEqualTo("{\"type\":\"MOVE\",\"destination\":\"DeletedItems\"}");
            assertThat(job.get("status").asText()).isEqualTo("PENDING");
            for (String counter : List.of("total_messages_discovered", "messages_pending", "messages_successful",
                    "messages_failed", "messages_skipped", "messages_cancelled")) {
                assertThat(job.get(counter).asLong()).as(counter).isZero();
            }
            assertThat(job.get("comment").asText()).isEqualTo("phish wave 3");
            assertThat(job.get("started_at").isNull()).isTrue();
            assertThat(job.get("completed_at").isNull()).isTrue();
            assertThat(job.get("status_message").isNull()).isTrue();
            assertThat(job.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

            JsonNode search = job.get("search_params");
            assertThat(search.get("sender").asText()).isEqualTo("ceo@evil.example");
            assertThat(search.get("subject").asText()).isEqualTo("wire transfer");
            assertThat(search.get("detections_only").booleanValue()).isTrue();
            assertThat(search.get("submissions").booleanValue()).isFalse();
            Instant end = Instant.parse(search.get("end").asText());
            Instant start = Instant.parse(search.get("start").asText());
            assertThat(Duration.between(now, end).abs()).isLessThan(Duration.ofSeconds(1));
            assertThat(Duration.between(start, end)).isEqualTo(Duration.ofDays(30));
        }

        @Test
        void a_release_job_has_only_its_type_as_action_params() {
            JsonNode job = create(RELEASE);
            assertThat(job.get("action_type").asText()).isEqualTo("RELEASE");
            assertThat(job.get("action_params").toString()).isEqualTo("{\"type\":\"RELEASE\"}");
            assertThat(job.get("search_params").get("detections_only").booleanValue()).isFalse();
        }

        @Test
        void given_start_and_end_are_kept_and_an_empty_search_is_valid() {
            JsonNode window = create("""
                    {"action": "MOVE", "destination": "Inbox",
                     "search_params": {"start": "2026-01-01T00:00:00+01:00", "end": "2026-02-01T12:30:00.5Z"}}""");
            assertThat(window.get("search_params").get("start").asText()).isEqualTo("2025-12-31T23:00:00.000Z");
            assertThat(window.get("search_params").get("end").asText()).isEqualTo("2026-02-01T12:30:00.500Z");

            JsonNode empty = create("{\"action\": \"RELEASE\", \"search_params\": {}}");
            assertThat(empty.get("search_params").get("detections_only").booleanValue()).isTrue();
        }

        @Test
        void every_search_parameter_round_trips() {
            JsonNode search = create("""
                    {"action": "MOVE", "destination": "RecoverableItemsPurges", "search_params": {
                      "sender": "evil.example", "recipient": "finance@example.com", "domain": "evil.example",
                      "subject": "urgent wire", "exact_subject": "Urgent wire", "query": "invoice.pdf",
                      "message_id": "<abc@evil.example>", "alert_id": "alert-7", "final_disposition": "MALICIOUS-BEC",
                      "detections_only": false, "delivery_status": "move_failed", "message_action": "QUARANTINE_RELEASED",
                      "smtp_helo_ip": "203.0.113.9", "metric": "credential_harvester", "submissions": true}}""")
                    .get("search_params");
            assertThat(search.get("final_disposition").asText()).isEqualTo("MALICIOUS-BEC");
            assertThat(search.get("delivery_status").asText()).isEqualTo("move_failed");
            assertThat(search.get("message_action").asText()).isEqualTo("QUARANTINE_RELEASED");
            assertThat(search.get("exact_subject").asText()).isEqualTo("Urgent wire");
            assertThat(search.get("smtp_helo_ip").asText()).isEqualTo("203.0.113.9");
            assertThat(search.get("submissions").booleanValue()).isTrue();
            assertThat(search.get("metric").asText()).isEqualTo("credential_harvester");
        }

        @Test
        void deprecated_inputs_are_accepted_echoed_and_noted_in_messages() {
            Response response = server.api.post(bulk(), """
                    {"action": "MOVE", "destination": "JunkEmail", "expected_disposition": "SPAM",
                     "search_params": {"action_log": true}}""", server.writer());
            assertThat(response.status()).isEqualTo(201);
            assertThat(response.result().get("action_params").get("expected_disposition").asText()).isEqualTo("SPAM");
            assertThat(response.result().get("search_params").get("action_log").booleanValue()).isTrue();
            List<String> notices = new ArrayList<>();
            response.json().get("messages").forEach(m -> notices.add(m.get("message").asText()));
            assertThat(notices).anyMatch(n -> n.contains("action_log")).anyMatch(n -> n.contains("expected_disposition"));
        }

        @Test
        void the_legacy_email_and_global_key_pair_may_create() {
            Response response = server.api.post(bulk(), MOVE, Credentials.globalKey(TestServer.USER_EMAIL, server.userKey));
            assertThat(response.status()).isEqualTo(201);
        }
    }

    @Nested
    class Get {
        @Test
        void returns_the_job_as_created_to_a_read_token() {
            JsonNode created = create(MOVE);
            Response response = server.api.get(bulk() + "/" + created.get("job_id").asText(), server.reader());
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.result()).isEqualTo(created);
        }

        @Test
        void an_upper_case_job_id_finds_the_same_job() {
            String id = createId(MOVE);
            Response response = server.api.get(bulk() + "/" + id.toUpperCase(), server.reader());
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.result().get("job_id").asText()).isEqualTo(id);
        }
    }

    @Nested
    class ListJobs {
        @Test
        void newest_first_across_pages_and_a_page_past_the_end_is_empty() {
            List<String> created = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                created.add(createId(i % 2 == 0 ? MOVE : RELEASE));
            }
            List<String> seen = new ArrayList<>();
            for (int page = 1; ; page++) {
                Response response = server.api.get(bulk() + "?per_page=2&page=" + page, server.reader());
                assertThat(response.status()).isEqualTo(200);
                JsonNode info = response.json().get("result_info");
                assertThat(info.get("per_page").asInt()).isEqualTo(2);
                assertThat(info.get("count").asInt()).isEqualTo(response.result().size());
                assertThat(info.get("total_count").asInt()).isZero();
                assertThat(info.get("page").asInt()).isZero();
                if (response.result().isEmpty()) {
                    break;
                }
                response.result().forEach(job -> seen.add(job.get("job_id").asText()));
            }
            List<String> newestFirst = new ArrayList<>(created);
            java.util.Collections.reverse(newestFirst);
            assertThat(seen).containsSubsequence(newestFirst);
            assertThat(seen.subList(0, 5)).isEqualTo(newestFirst);
            assertThat(seen).doesNotHaveDuplicates();
        }

        @Test
        void per_page_1000_is_allowed_and_defaults_are_page_1_of_20() {
            Response all = server.api.get(bulk() + "?per_page=1000", server.reader());
            assertThat(all.status()).isEqualTo(200);
            assertThat(all.json().get("result_info").get("per_page").asInt()).isEqualTo(1000);

            Response defaults = server.api.get(bulk(), server.reader());
            assertThat(defaults.json().get("result_info").get("per_page").asInt()).isEqualTo(20);
            assertThat(defaults.result().size()).isLessThanOrEqualTo(20);

            Response far = server.api.get(bulk() + "?page=2147483647&per_page=1000", server.reader());
            assertThat(far.status()).isEqualTo(200);
            assertThat(far.result().size()).isZero();
        }

        @Test
        void filters_by_action_type_and_status() {
            String release = createId(RELEASE);
            String cancelled = createId(RELEASE);
            server.api.post(bulk() + "/" + cancelled + "/cancel", null, server.writer());

            Response releases = server.api.get(bulk() + "?action_type=RELEASE&per_page=1000", server.reader());
            List<String> ids = new ArrayList<>();
            releases.result().forEach(job -> {
                assertThat(job.get("action_type").asText()).isEqualTo("RELEASE");
                ids.add(job.get("job_id").asText());
            });
            assertThat(ids).contains(release, cancelled);

            Response cancelledOnly = server.api.get(bulk() + "?status=CANCELLED&action_type=RELEASE&per_page=1000", server.reader());
            List<String> cancelledIds = new ArrayList<>();
            cancelledOnly.result().forEach(job -> {
                assertThat(job.get("status").asText()).isEqualTo("CANCELLED");
                cancelledIds.add(job.get("job_id").asText());
            });
            assertThat(cancelledIds).contains(cancelled).doesNotContain(release);
        }

        @Test
        void never_shows_another_accounts_jobs() {
            Response other = server.api.post(bulk(OTHER_ACCOUNT), MOVE, Credentials.bearer(server.otherAccountToken));
            assertThat(other.status()).isEqualTo(201);
            String otherId = other.result().get("job_id").asText();

            Response mine = server.api.get(bulk() + "?per_page=1000", server.reader());
            List<String> ids = new ArrayList<>();
            mine.result().forEach(job -> ids.add(job.get("job_id").asText()));
            assertThat(ids).isNotEmpty().doesNotContain(otherId);
        }
    }

    @Nested
    class Cancel {
        @Test
        void marks_a_pending_job_cancelled_and_keeps_it_visible() {
            String id = createId(MOVE);
            server.clock.advance(Duration.ofSeconds(3));
            Response response = server.api.post(bulk() + "/" + id + "/cancel", null, server.writer());
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.result().get("status").asText()).isEqualTo("CANCELLED");
            assertThat(Instant.parse(response.result().get("completed_at").asText()))
                    .isEqualTo(server.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));

            Response after = server.api.get(bulk() + "/" + id, server.reader());
            assertThat(after.result().get("status").asText()).isEqualTo("CANCELLED");
        }

        @Test
        void counts_every_pending_row_cancelled_and_keeps_finished_rows() {
            String id = createId(MOVE);
            List<UUID> rows = JobRows.addPending(server.dragnet.database(), UUID.fromString(id), 4, server.clock.instant());
            JobRows.complete(server.dragnet.database(), UUID.fromString(id), rows.get(0), server.clock.instant());

            JsonNode job = server.api.post(bulk() + "/" + id + "/cancel", null, server.writer()).result();
            assertThat(job.get("total_messages_discovered").asInt()).isEqualTo(4);
            assertThat(job.get("messages_successful").asInt()).isEqualTo(1);
            assertThat(job.get("messages_cancelled").asInt()).isEqualTo(3);
            assertThat(job.get("messages_pending").asInt()).isZero();

            Response cancelledRows = server.api.get(bulk() + "/" + id + "/messages?status=CANCELLED", server.reader());
            assertThat(cancelledRows.result().size()).isEqualTo(3);
            cancelledRows.result().forEach(row -> assertThat(row.get("processed_at").isNull()).isFalse());
        }

        @Test
        void a_terminal_job_cannot_be_cancelled_again() {
            String id = createId(MOVE);
            server.api.post(bulk() + "/" + id + "/cancel", null, server.writer());
            Response again = server.api.post(bulk() + "/" + id + "/cancel", null, server.writer());
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.errorCode()).isEqualTo(1105);
            assertThat(again.error().get("message").asText()).contains("CANCELLED").contains("can be cancelled");
        }
    }

    @Nested
    class Delete {
        @Test
        void removes_a_terminal_job_and_its_rows() {
            String id = createId(MOVE);
            JobRows.addPending(server.dragnet.database(), UUID.fromString(id), 2, server.clock.instant());
            server.api.post(bulk() + "/" + id + "/cancel", null, server.writer());

            Response deleted = server.api.delete(bulk() + "/" + id, server.writer());
            assertThat(deleted.status()).isEqualTo(200);
            assertThat(deleted.result().toString()).isEqualTo("{\"id\":\"" + id + "\"}");

            assertThat(server.api.get(bulk() + "/" + id, server.reader()).status()).isEqualTo(404);
            assertThat(server.api.get(bulk() + "/" + id + "/messages", server.reader()).status()).isEqualTo(404);
            Integer rows = server.dragnet.database().jdbi().withHandle(h -> h
                    .createQuery("SELECT COUNT(*) FROM bulk_job_messages WHERE job_id = :id")
                    .bind("id", UUID.fromString(id)).mapTo(Integer.class).one());
            assertThat(rows).isZero();
        }

        @Test
        void a_job_that_is_not_terminal_is_a_conflict_that_says_its_status() {
            String id = createId(MOVE);
            Response response = server.api.delete(bulk() + "/" + id, server.writer());
            assertThat(response.status()).isEqualTo(409);
            assertThat(response.errorCode()).isEqualTo(1105);
            assertThat(response.error().get("message").asText()).contains("PENDING").contains("Cancel it first");
            assertThat(server.api.get(bulk() + "/" + id, server.reader()).status()).isEqualTo(200);
        }
    }

    @Nested
    class Messages {
        @Test
        void lists_a_jobs_rows_in_discovery_order_across_pages() {
            String id = createId("""
                    {"action": "MOVE", "destination": "JunkEmail", "expected_disposition": "MALICIOUS",
                     "search_params": {}}""");
            List<UUID> rows = JobRows.addPending(server.dragnet.database(), UUID.fromString(id), 5, server.clock.instant());

            List<String> seen = new ArrayList<>();
            for (int page = 1; page <= 4; page++) {
                Response response = server.api.get(bulk() + "/" + id + "/messages?per_page=2&page=" + page, server.reader());
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.json().get("result_info").get("count").asInt()).isEqualTo(response.result().size());
                response.result().forEach(row -> seen.add(row.get("message_id").asText()));
            }
            assertThat(seen).containsExactlyElementsOf(rows.stream().map(UUID::toString).toList());

            JsonNode first = server.api.get(bulk() + "/" + id + "/messages?per_page=1", server.reader()).result().get(0);
            assertThat(first.get("action_type").asText()).isEqualTo("MOVE");
            assertThat(first.get("action_params").toString()).isEqualTo(
                    "{\"type\":\"MOVE\",\"destination\":\"JunkEmail\",\"expected_disposition\":\"MALICIOUS\",\"client_recipient\":\"user0@example.com\"}");
            assertThat(first.get("postfix_id").asText()).isEqualTo("4Q10000");
            assertThat(first.get("email_message_id").asText()).isEqualTo("<campaign-0@evil.example>");
            assertThat(first.get("alert_id").asText()).isEqualTo("alert-0");
            assertThat(first.get("status").asText()).isEqualTo("PENDING");
            assertThat(first.get("retry_count").asInt()).isZero();
            assertThat(first.get("retry_after").isNull()).isTrue();
        }

        @Test
        void filters_rows_by_status() {
            String id = createId(RELEASE);
            List<UUID> rows = JobRows.addPending(server.dragnet.database(), UUID.fromString(id), 3, server.clock.instant());
            JobRows.complete(server.dragnet.database(), UUID.fromString(id), rows.get(1), server.clock.instant());

            Response completed = server.api.get(bulk() + "/" + id + "/messages?status=COMPLETED", server.reader());
            assertThat(completed.result().size()).isEqualTo(1);
            assertThat(completed.result().get(0).get("message_id").asText()).isEqualTo(rows.get(1).toString());
            assertThat(completed.result().get(0).get("action_params").toString())
                    .isEqualTo("{\"type\":\"RELEASE\",\"client_recipient\":\"user1@example.com\"}");
            assertThat(server.api.get(bulk() + "/" + id + "/messages?status=PENDING", server.reader()).result().size()).isEqualTo(2);
        }

        @Test
        void a_job_without_rows_has_an_empty_first_page() {
            String id = createId(MOVE);
            Response response = server.api.get(bulk() + "/" + id + "/messages", server.reader());
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.result().isArray()).isTrue();
            assertThat(response.result().size()).isZero();
            assertThat(response.json().get("result_info").get("count").asInt()).isZero();
        }
    }
}
