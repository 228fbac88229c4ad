package io.dragnet.api;

import io.dragnet.testing.ApiClient.Response;
import io.dragnet.testing.Credentials;
import io.dragnet.testing.ServerPerClass;
import io.dragnet.testing.TestServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.dragnet.api.BulkApiContract.MOVE;
import static io.dragnet.testing.TestServer.ACCOUNT;
import static io.dragnet.testing.TestServer.OTHER_ACCOUNT;
import static io.dragnet.testing.TestServer.bulk;
import static org.assertj.core.api.Assertions.assertThat;

/** Every row of the contract's error table, over HTTP, on one database vendor per subclass. */
abstract class BulkApiErrorsContract extends ServerPerClass {

    static void assertError(Response response, int status, int code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.errorCode()).as(response.body()).isEqualTo(code);
        assertThat(response.json().get("success").booleanValue()).isFalse();
    }

    String existingJob() {
        return server.api.post(bulk(), MOVE, server.writer()).result().get("job_id").asText();
    }

    @Nested
    class Authentication {
        @Test
        void no_credentials_is_401_9106() {
            Response response = server.api.get(bulk(), Credentials.NONE);
            assertError(response, 401, 9106);
            assertThat(response.error().get("message").asText()).isEqualTo("Missing X-Auth-Key, X-Auth-Email or Authorization headers");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer two words", "Token abc", "Bearer ab\"cd"})
        void a_malformed_authorization_header_is_400_6003(String header) {
            assertError(server.api.get(bulk(), Credentials.raw(Map.of("Authorization", header))), 400, 6003);
        }

        @Test
        void half_of_the_legacy_pair_or_a_malformed_email_is_400_6003() {
            assertError(server.api.get(bulk(), Credentials.raw(Map.of("X-Auth-Email", TestServer.USER_EMAIL))), 400, 6003);
            assertError(server.api.get(bulk(), Credentials.raw(Map.of("X-Auth-Key", server.userKey))), 400, 6003);
            assertError(server.api.get(bulk(), Credentials.globalKey("not-an-email", server.userKey)), 400, 6003);
        }

        @Test
        void an_unknown_or_revoked_token_is_403_9109() {
            assertError(server.api.get(bulk(), Credentials.bearer("dgn_notarealtoken000000000000000000000000000")), 403, 9109);
            Response revoked = server.api.get(bulk(), Credentials.bearer(server.revokedToken));
            assertError(revoked, 403, 9109);
            assertThat(revoked.error().get("message").asText()).isEqualTo("Invalid access token");
        }

        @Test
        void an_expired_token_is_403_9109_from_the_moment_it_expires() {
            var token = server.dragnet.tokens().create("short-lived", io.dragnet.auth.Permission.READ, List.of(ACCOUNT),
                    server.clock.instant().plus(Duration.ofHours(1)), server.clock.instant());
            Credentials credentials = Credentials.bearer(token.secret());
            assertThat(server.api.get(bulk(), credentials).status()).isEqualTo(200);
            server.clock.advance(Duration.ofHours(1));
            try {
                assertError(server.api.get(bulk(), credentials), 403, 9109);
            } finally {
                server.clock.advance(Duration.ofHours(-1));
            }
        }

        @Test
        void a_wrong_global_key_or_unknown_email_is_403_9109() {
            assertError(server.api.get(bulk(), Credentials.globalKey(TestServer.USER_EMAIL, "0".repeat(37))), 403, 9109);
            assertError(server.api.get(bulk(), Credentials.globalKey("nobody@example.com", server.userKey)), 403, 9109);
        }

        @Test
        void the_global_key_email_is_matched_case_insensitively() {
            Response response = server.api.get(bulk(), Credentials.globalKey(TestServer.USER_EMAIL.toUpperCase(), server.userKey));
            assertThat(response.status()).isEqualTo(200);
        }
    }

    @Nested
    class Permissions {
        @Test
        void a_read_token_may_not_create_cancel_or_delete() {
            String job = existingJob();
            assertError(server.api.post(bulk(), MOVE, server.reader()), 403, 10000);
            assertError(server.api.post(bulk() + "/" + job + "/cancel", null, server.reader()), 403, 10000);
            assertError(server.api.delete(bulk() + "/" + job, server.reader()), 403, 10000);
            assertThat(server.api.get(bulk() + "/" + job, server.reader()).status()).isEqualTo(200);
        }

        @Test
        void a_credential_without_access_to_the_account_is_403_10000() {
            assertError(server.api.get(bulk(OTHER_ACCOUNT), server.writer()), 403, 10000);
            assertError(server.api.post(bulk(OTHER_ACCOUNT), MOVE, server.writer()), 403, 10000);
            assertError(server.api.get(bulk("00000000000000000000000000000000"), server.writer()), 403, 10000);
            assertError(server.api.get(bulk(OTHER_ACCOUNT), Credentials.globalKey(TestServer.USER_EMAIL, server.userKey)), 403, 10000);
        }

        @Test
        void another_accounts_job_answers_exactly_as_a_missing_one() {
            String theirs = server.api.post(bulk(OTHER_ACCOUNT), MOVE, Credentials.bearer(server.otherAccountToken))
                    .result().get("job_id").asText();
            String missing = UUID.randomUUID().toString();
            for (String id : List.of(theirs, missing)) {
                Response get = server.api.get(bulk() + "/" + id, server.writer());
                assertError(get, 404, 1104);
                assertThat(get.error().get("message").asText()).isEqualTo("Bulk action job not found");
                assertError(server.api.post(bulk() + "/" + id + "/cancel", null, server.writer()), 404, 1104);
                assertError(server.api.delete(bulk() + "/" + id, server.writer()), 404, 1104);
                assertError(server.api.get(bulk() + "/" + id + "/messages", server.writer()), 404, 1104);
            }
            // and their job is untouched by our attempts
            Response still = server.api.get(bulk(OTHER_ACCOUNT) + "/" + theirs, Credentials.bearer(server.otherAccountToken));
            assertThat(still.result().get("status").asText()).isEqualTo("PENDING");
        }
    }

    @Nested
    class Routing {
        @Test
        void an_unknown_route_is_404_7003() {
            assertError(server.api.get("/accounts/" + ACCOUNT + "/email-security/nothing-here", server.writer()), 404, 7003);
            assertError(server.api.get("/zones", Credentials.NONE), 404, 7003);
            assertError(server.api.get(bulk() + "/" + UUID.randomUUID() + "/unknown", server.writer()), 404, 7003);
        }

        @ParameterizedTest
        @CsvSource({"PUT,''", "PATCH,''", "DELETE,''", "POST,/JOB", "PUT,/JOB", "GET,/JOB/cancel", "POST,/JOB/messages"})
        void a_known_route_with_another_method_is_405_10405(String method, String suffix) {
            String path = bulk() + suffix.replace("JOB", UUID.randomUUID().toString());
            assertError(server.api.send(method, path, "POST".equals(method) || "PUT".equals(method) ? "{}" : null,
                    server.writer()), 405, 10405);
        }

        @ParameterizedTest
        @ValueSource(strings = {"not-a-uuid", "12345678-1234-1234-1234-1234567890123", "1-1-1-1-1", "%20"})
        void a_malformed_job_id_is_400_7003_pointing_at_the_path(String id) {
            Response response = server.api.get(bulk() + "/" + id, server.writer());
            assertError(response, 400, 7003);
            assertThat(response.pointer()).isEqualTo("/path/job_id");
            assertThat(response.error().get("message").asText()).startsWith("Could not route to").endsWith("perhaps your object identifier is invalid?");
            assertError(server.api.post(bulk() + "/" + id + "/cancel", null, server.writer()), 400, 7003);
        }

        @Test
        void an_account_id_longer_than_32_characters_is_400_7003() {
            Response response = server.api.get(bulk("0123456789abcdef0123456789abcdef0"), server.writer());
            assertError(response, 400, 7003);
            assertThat(response.pointer()).isEqualTo("/path/account_id");
        }
    }

    @Nested
    class Conflicts {
        @Test
        void deleting_an_active_job_or_cancelling_a_terminal_one_is_409_1105() {
            String job = existingJob();
            assertError(server.api.delete(bulk() + "/" + job, server.writer()), 409, 1105);
            server.api.post(bulk() + "/" + job + "/cancel", null, server.writer());
            assertError(server.api.post(bulk() + "/" + job + "/cancel", null, server.writer()), 409, 1105);
        }
    }

    @Nested
    class Bodies {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                malformed JSON                  | {"action": "MOVE",                                                         | 1001 | ''
                empty body                      |                                                                            | 1001 | ''
                trailing garbage                | {"action":"RELEASE","search_params":{}} x                                  | 1001 | ''
                duplicate key                   | {"action":"RELEASE","action":"MOVE","search_params":{}}                    | 1001 | ''
                body is an array                | []                                                                         | 1003 | ''
                action missing                  | {"search_params": {}}                                                      | 1002 | /action
                search_params missing           | {"action": "RELEASE"}                                                      | 1002 | /search_params
                destination missing for MOVE    | {"action": "MOVE", "search_params": {}}                                    | 1002 | /destination
                action of the wrong type        | {"action": 5, "search_params": {}}                                         | 1003 | /action
                search_params not an object     | {"action": "RELEASE", "search_params": "all"}                              | 1003 | /search_params
                boolean given as a string       | {"action": "RELEASE", "search_params": {"detections_only": "false"}}       | 1003 | /search_params/detections_only
                number given for a string       | {"action": "RELEASE", "search_params": {"sender": 42}}                     | 1003 | /search_params/sender
                comment of the wrong type       | {"action": "RELEASE", "search_params": {}, "comment": ["x"]}               | 1003 | /comment
                unknown top-level field         | {"action": "RELEASE", "search_params": {}, "acton": "MOVE"}                | 1004 | /acton
                unknown search field            | {"action": "RELEASE", "search_params": {"sendr": "a@b.c"}}                 | 1004 | /search_params/sendr
                pointer escaping of a name      | {"action": "RELEASE", "search_params": {"a/b~c": 1}}                       | 1004 | /search_params/a~1b~0c
                bad action enum                 | {"action": "DELETE", "search_params": {}}                                  | 1005 | /action
                enum is case-sensitive          | {"action": "move", "destination": "JunkEmail", "search_params": {}}        | 1005 | /action
                bad destination                 | {"action": "MOVE", "destination": "Junk", "search_params": {}}             | 1005 | /destination
                bad disposition                 | {"action": "RELEASE", "search_params": {"final_disposition": "EVIL"}}      | 1005 | /search_params/final_disposition
                bad delivery status             | {"action": "RELEASE", "search_params": {"delivery_status": "gone"}}        | 1005 | /search_params/delivery_status
                bad message action              | {"action": "RELEASE", "search_params": {"message_action": "MOVE"}}         | 1005 | /search_params/message_action
                bad expected disposition        | {"action": "MOVE", "destination": "Inbox", "expected_disposition": "X", "search_params": {}} | 1005 | /expected_disposition
                not a date-time                 | {"action": "RELEASE", "search_params": {"start": "yesterday"}}             | 1007 | /search_params/start
                date without offset             | {"action": "RELEASE", "search_params": {"end": "2026-01-01T00:00:00"}}     | 1007 | /search_params/end
                impossible date                 | {"action": "RELEASE", "search_params": {"end": "2026-02-30T00:00:00Z"}}    | 1007 | /search_params/end
                start after end                 | {"action": "RELEASE", "search_params": {"start": "2026-01-02T00:00:00Z", "end": "2026-01-01T00:00:00Z"}} | 1008 | /search_params/start
                start in the future             | {"action": "RELEASE", "search_params": {"start": "2999-01-01T00:00:00Z", "end": "2999-02-01T00:00:00Z"}} | 1008 | /search_params/start
                destination with RELEASE        | {"action": "RELEASE", "destination": "Inbox", "search_params": {}}         | 1008 | /destination
                """)
        void is_a_400_naming_the_field(String name, String body, int code, String pointer) {
            Response response = server.api.post(bulk(), body == null ? "" : body, server.writer());
            assertError(response, 400, code);
            assertThat(response.pointer()).isEqualTo(pointer);
            if (!pointer.isEmpty()) {
                String field = pointer.substring(pointer.lastIndexOf('/') + 1);
                assertThat(response.error().get("message").asText()).contains(field.replace("~1", "/").replace("~0", "~"));
            }
        }

        @Test
        void an_overlong_value_is_400_1009() {
            Response response = server.api.post(bulk(), "{\"action\":\"RELEASE\",\"search_params\":{},\"comment\":\"" + "x".repeat(4001) + "\"}",
                    server.writer());
            assertError(response, 400, 1009);
            assertThat(response.pointer()).isEqualTo("/comment");
        }

        @Test
        void a_body_over_the_limit_is_413() {
            String huge = "{\"action\":\"RELEASE\",\"search_params\":{},\"comment\":\"" + "x".repeat(200_000) + "\"}";
            assertError(server.api.post(bulk(), huge, server.writer()), 413, 1011);
        }

        @Test
        void nothing_is_stored_when_a_request_is_refused() {
            int before = server.api.get(bulk() + "?per_page=1000", server.writer()).result().size();
            server.api.post(bulk(), "{\"action\": \"MOVE\", \"search_params\": {}}", server.writer());
            server.api.post(bulk(), MOVE, server.reader());
            assertThat(server.api.get(bulk() + "?per_page=1000", server.writer()).result().size()).isEqualTo(before);
        }
    }

    @Nested
    class QueryParameters {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                per_page above 1000   | ?per_page=1001          | 1006 | /query/per_page
                per_page zero         | ?per_page=0             | 1006 | /query/per_page
                page zero             | ?page=0                 | 1006 | /query/page
                page negative         | ?page=-1                | 1006 | /query/page
                page beyond an int    | ?page=99999999999       | 1006 | /query/page
                page not a number     | ?page=two               | 1003 | /query/page
                per_page a fraction   | ?per_page=2.5           | 1003 | /query/per_page
                per_page way too big  | ?per_page=9999999999999999999999 | 1003 | /query/per_page
                bad status            | ?status=DONE            | 1005 | /query/status
                bad action_type       | ?action_type=move       | 1005 | /query/action_type
                """)
        void of_the_job_list_are_validated(String name, String query, int code, String pointer) {
            Response response = server.api.get(bulk() + query, server.reader());
            assertError(response, 400, code);
            assertThat(response.pointer()).isEqualTo(pointer);
        }

        @Test
        void of_the_messages_list_are_validated() {
            String job = existingJob();
            Response status = server.api.get(bulk() + "/" + job + "/messages?status=DISCOVERING", server.reader());
            assertError(status, 400, 1005);
            assertThat(status.pointer()).isEqualTo("/query/status");
            Response perPage = server.api.get(bulk() + "/" + job + "/messages?per_page=1001", server.reader());
            assertError(perPage, 400, 1006);
            assertThat(perPage.pointer()).isEqualTo("/query/per_page");
        }
    }
}
