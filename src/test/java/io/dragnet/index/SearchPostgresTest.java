package io.dragnet.index;

import io.dragnet.search.SearchSql;
import io.dragnet.store.Vendor;
import io.dragnet.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SearchPostgresTest extends SearchContract {
    @Override
    protected Vendor vendor() {
        return Vendor.POSTGRESQL;
    }

    /**
     * A term of {@code query} is a substring of a message's haystack or of a copy's mailbox, and
     * only trigram indexes find substrings without reading every row. Each side must be a lookup of
     * its own: a subplan run for every message of the window, or a sequential scan (priced out
     * here, as the corpus is small enough for the planner to prefer one), is what searches at
     * scale cannot afford. How the planner reads this small table's messages is its choice.
     */
    @Test
    void a_query_term_is_looked_up_not_tested_against_every_message() {
        SearchSql search = SearchSql.of(Vendor.POSTGRESQL, TestServer.ACCOUNT, searchParams(params(
                "start", now.minus(Duration.ofDays(61)).toString(), "detections_only", "false", "query", corpus.messages().get(0).from())));
        List<String> plan = server.dragnet.database().jdbi().inTransaction(handle -> {
            handle.execute("SET LOCAL enable_seqscan = off");
            return handle.createQuery("EXPLAIN SELECT m.id FROM messages m WHERE " + search.where())
                    .bindMap(search.parameters()).mapTo(String.class).list();
        });
        assertThat(String.join("\n", plan))
                .contains("Bitmap Index Scan on message_copies_recipient_trgm")
                .doesNotContain("SubPlan", "Seq Scan");
        // the planner may read this small table's messages by account; at scale it has the haystack's index
        List<String> haystackIndex = server.dragnet.database().jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'messages_search_text_trgm'")
                .mapTo(String.class).list());
        assertThat(haystackIndex).singleElement().asString().contains("gin", "search_text");
    }
}
