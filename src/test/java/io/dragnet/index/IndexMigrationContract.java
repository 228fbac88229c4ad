package io.dragnet.index;

import io.dragnet.search.DeliveryStatus;
import io.dragnet.search.SearchParams;
import io.dragnet.store.Database;
import io.dragnet.store.DatabaseConfig;
import io.dragnet.store.Vendor;
import io.dragnet.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An index written before V6, whose child tables referred to a message by its Investigate id,
 * reads the same after the migration to message seqs: nothing imported earlier is lost or
 * attached to another message.
 */
abstract class IndexMigrationContract {
    private static final Instant RECEIVED = Instant.parse("2026-11-20T09:30:00Z");

    abstract Vendor vendor();

    @Test
    void children_written_before_v6_stay_with_their_messages() throws SQLException {
        try (TestDatabase testDatabase = TestDatabase.of(vendor())) {
            DatabaseConfig config = testDatabase.config();
            Flyway.configure()
                    .dataSource(config.jdbcUrl(), config.username(), config.password())
                    .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor().folder())
                    .target(vendor() == Vendor.H2 ? "5" : "5.5") // the last migration before V6 on each
                    .load()
                    .migrate();
            try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.username(), config.password())) {
                run(c, "INSERT INTO accounts (id, name, created_at) VALUES ('acme', 'Acme', ?)", Timestamp.from(RECEIVED));
                // two messages, so that a child attached to the wrong one would show
                for (String id : new String[] {"first", "second"}) {
                    run(c, "INSERT INTO messages (id, account_id, postfix_id, message_id, message_id_lower, subject, subject_lower,"
                                    + " from_address, received_at, scanned_at, final_disposition, is_detection, is_submission,"
                                    + " search_text) VALUES (?, 'acme', ?, ?, ?, ?, ?, 'ceo@evil.example', ?, ?, 'MALICIOUS', TRUE, FALSE, '')",
                            id, "pfx-" + id, id + "@evil.example", id + "@evil.example", "Invoice " + id, "invoice " + id,
                            Timestamp.from(RECEIVED), Timestamp.from(RECEIVED));
                    run(c, "INSERT INTO message_recipients (message_id, role, position, address, domain, name)"
                            + " VALUES (?, 'TO', 0, ?, 'example.com', ?)", id, id + "-to@example.com", "To " + id);
                    run(c, "INSERT INTO message_copies (id, message_id, account_id, copy_key, recipient, recipient_domain, store,"
                                    + " mailbox, folder, location, delivery_status, imported_at)"
                                    + " VALUES (?, ?, 'acme', ?, ?, 'example.com', 'MAILDIR', ?, '', ?, ?, ?)",
                            "copy-" + id, id, "key-" + id, id + "-owner@example.com", "example.com/" + id, "file-" + id,
                            id.equals("first") ? "delivered" : "quarantined", Timestamp.from(RECEIVED));
                    run(c, "INSERT INTO message_link_domains (message_id, domain) VALUES (?, ?)", id, id + ".links.example");
                    run(c, "INSERT INTO message_attachments (message_id, position, name, sha256, size_bytes) VALUES (?, 0, ?, ?, 10)",
                            id, id + ".pdf", "0".repeat(63) + (id.equals("first") ? "1" : "2"));
                    run(c, "INSERT INTO message_threats (message_id, position, category, category_lower) VALUES (?, 0, ?, ?)",
                            id, "Threat " + id, "threat " + id);
                }
            }

            try (Database database = Database.open(config)) {
                MessageIndex index = new MessageIndex(database);
                InvestigateMessage first = index.find("acme", "first").orElseThrow();
                assertThat(first.to()).containsExactly("first-to@example.com");
                assertThat(first.toName()).containsExactly("To first");
                assertThat(first.clientRecipients()).containsExactly("first-owner@example.com");
                assertThat(first.deliveryStatus()).containsExactly(DeliveryStatus.DELIVERED);
                assertThat(first.threatCategories()).containsExactly("Threat first");
                InvestigateMessage second = index.find("acme", "second").orElseThrow();
                assertThat(second.clientRecipients()).containsExactly("second-owner@example.com");
                assertThat(second.isQuarantined()).isTrue();

                assertThat(ids(index, search("second-to@example.com", null))).containsExactly("second");
                assertThat(ids(index, search(null, "first.links.example"))).containsExactly("first");
                List<String> withSecondPdf = database.jdbi().withHandle(h -> h.createQuery(
                                "SELECT m.id FROM message_attachments a JOIN messages m ON m.seq = a.message_seq WHERE a.name = 'second.pdf'")
                        .mapTo(String.class).list());
                assertThat(withSecondPdf).containsExactly("second");
            }
        }
    }

    private static SearchParams search(String recipient, String domain) {
        return new SearchParams(RECEIVED.minusSeconds(3600), RECEIVED.plusSeconds(3600), null, recipient, domain, null, null,
                null, null, null, null, true, null, null, null, null, false, false);
    }

    private static List<String> ids(MessageIndex index, SearchParams params) {
        return index.search("acme", params, null, 0, 20).messages().stream().map(InvestigateMessage::id).toList();
    }

    private static void run(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }
}
