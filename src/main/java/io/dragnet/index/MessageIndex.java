package io.dragnet.index;

import io.dragnet.json.WireEnum;
import io.dragnet.search.DeliveryStatus;
import io.dragnet.search.DispositionLabel;
import io.dragnet.search.SearchParams;
import io.dragnet.search.SearchSql;
import io.dragnet.store.Database;
import io.dragnet.store.SqlTime;
import io.dragnet.store.Vendor;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the message index: searches (newest first) and single messages, in the Investigate shape.
 * A page costs one query for the messages and one per child table, whatever its size.
 */
public final class MessageIndex {
    private static final String COLUMNS = """
            m.id, m.seq, m.postfix_id, m.message_id, m.subject, m.from_address, m.from_name, m.envelope_from,
            m.sent_at, m.received_at, m.scanned_at, m.smtp_helo_ip, m.smtp_previous_hop_ip, m.x_originating_ip,
            m.spf, m.dkim, m.dmarc, m.final_disposition, m.alert_id, m.detection_reasons, m.is_submission, m.delivery_mode""";

    private static final String NEWEST_FIRST = "\n ORDER BY m.received_at DESC, m.seq DESC";

    private final Jdbi jdbi;
    private final Vendor vendor;

    public MessageIndex(Database database) {
        this.jdbi = database.jdbi();
        this.vendor = database.vendor();
    }

    /** A page of results, the next page starting after the cursor's message. */
    public record Page(List<InvestigateMessage> messages, SearchCursor next) {
    }

    /** Newest first; {@code after} (keyset) wins over {@code offset} when both are given. */
    public Page search(String accountId, SearchParams params, SearchCursor after, long offset, int limit) {
        SearchSql search = SearchSql.of(vendor, accountId, params);
        Map<String, Object> binds = new HashMap<>(search.parameters());
        String keyset = "";
        if (after != null) {
            keyset = "\n AND (m.received_at < :afterTime OR (m.received_at = :afterTime AND m.seq < :afterSeq))";
            binds.put("afterTime", after.receivedAt());
            binds.put("afterSeq", after.seq());
        }
        long skip = after != null ? 0L : offset;
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM messages m WHERE ");
        if (search.orderedBranches().isEmpty()) {
            sql.append(search.where()).append(keyset);
        } else {
            // The newest (offset + limit) rows of each branch hold the page: each is an ordered index
            // scan that stops early, where the OR of the branches would sort every match.
            List<String> branches = new ArrayList<>();
            for (String branch : search.orderedBranches()) {
                branches.add("SELECT id FROM (SELECT m.id FROM messages m WHERE " + branch + keyset + NEWEST_FIRST
                        + " LIMIT :window) b" + branches.size());
            }
            sql.append("m.id IN (").append(String.join("\n UNION ALL ", branches)).append(")");
            binds.put("window", skip + limit);
        }
        sql.append(NEWEST_FIRST).append(" LIMIT :limit OFFSET :offset");
        binds.put("limit", limit);
        binds.put("offset", skip);
        return jdbi.withHandle(handle -> {
            List<Row> rows = handle.createQuery(sql.toString()).bindMap(binds).map(MessageIndex::row).list();
            SearchCursor next = rows.size() < limit || rows.isEmpty() ? null
                    : new SearchCursor(rows.get(rows.size() - 1).receivedAt(), rows.get(rows.size() - 1).seq());
            return new Page(hydrate(handle, rows), next);
        });
    }

    public Optional<InvestigateMessage> find(String accountId, String id) {
        return jdbi.withHandle(handle -> {
            List<Row> rows = handle.createQuery("SELECT " + COLUMNS + " FROM messages m WHERE m.account_id = :account AND m.id = :id")
                    .bind("account", accountId).bind("id", id).map(MessageIndex::row).list();
            return hydrate(handle, rows).stream().findFirst();
        });
    }

    private record Row(String id, long seq, String postfixId, String messageId, String subject, String from, String fromName,
                       String envelopeFrom, Instant sentAt, Instant receivedAt, Instant scannedAt, String heloIp,
                       String previousHopIp, String originatingIp, String spf, String dkim, String dmarc,
                       DispositionLabel disposition, String alertId, String reasons, boolean submission, String deliveryMode) {
    }

    private static Row row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Row(rs.getString("id"), rs.getLong("seq"), rs.getString("postfix_id"), rs.getString("message_id"),
                rs.getString("subject"), rs.getString("from_address"), rs.getString("from_name"), rs.getString("envelope_from"),
                SqlTime.instant(rs, "sent_at"), SqlTime.instant(rs, "received_at"), SqlTime.instant(rs, "scanned_at"),
                rs.getString("smtp_helo_ip"), rs.getString("smtp_previous_hop_ip"), rs.getString("x_originating_ip"),
                rs.getString("spf"), rs.getString("dkim"), rs.getString("dmarc"),
                DispositionLabel.valueOf(rs.getString("final_disposition")), rs.getString("alert_id"),
                rs.getString("detection_reasons"), rs.getBoolean("is_submission"), rs.getString("delivery_mode"));
    }

    /**
     * The child rows of a page: those import writes by message seq (V6), the action log (which
     * jobs write) by message id.
     */
    private static final class Children {
        final Map<Long, List<String[]>> recipients = new HashMap<>();
        final Map<Long, Set<String>> copyRecipients = new HashMap<>();
        final Map<Long, Set<DeliveryStatus>> statuses = new HashMap<>();
        final Map<Long, List<String>> threats = new HashMap<>();
        final Map<String, List<InvestigateMessage.ActionLogEntry>> actions = new HashMap<>();
    }

    private static List<InvestigateMessage> hydrate(Handle handle, List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> ids = rows.stream().map(Row::id).toList();
        List<Long> seqs = rows.stream().map(Row::seq).toList();
        Children children = new Children();
        handle.createQuery("SELECT message_seq, role, address, name FROM message_recipients WHERE message_seq IN (<seqs>)"
                        + " ORDER BY message_seq, role, position")
                .bindList("seqs", seqs)
                .map((rs, ctx) -> children.recipients.computeIfAbsent(rs.getLong("message_seq"), k -> new ArrayList<>())
                        .add(new String[] {rs.getString("role"), rs.getString("address"), rs.getString("name")}))
                .list();
        handle.createQuery("SELECT message_seq, recipient, delivery_status FROM message_copies WHERE message_seq IN (<seqs>)"
                        + " ORDER BY message_seq, imported_at, recipient")
                .bindList("seqs", seqs)
                .map((rs, ctx) -> {
                    long seq = rs.getLong("message_seq");
                    children.statuses.computeIfAbsent(seq, k -> new LinkedHashSet<>())
                            .add(WireEnum.parse(DeliveryStatus.class, rs.getString("delivery_status")).orElseThrow());
                    return children.copyRecipients.computeIfAbsent(seq, k -> new LinkedHashSet<>()).add(rs.getString("recipient"));
                })
                .list();
        handle.createQuery("SELECT message_seq, category FROM message_threats WHERE message_seq IN (<seqs>)"
                        + " ORDER BY message_seq, position")
                .bindList("seqs", seqs)
                .map((rs, ctx) -> children.threats.computeIfAbsent(rs.getLong("message_seq"), k -> new ArrayList<>())
                        .add(rs.getString("category")))
                .list();
        handle.createQuery("SELECT message_id, operation, folder, requested_by, completed_at FROM message_actions"
                        + " WHERE message_id IN (<ids>) ORDER BY message_id, completed_at, id")
                .bindList("ids", ids)
                .map((rs, ctx) -> children.actions.computeIfAbsent(rs.getString("message_id"), k -> new ArrayList<>())
                        .add(new InvestigateMessage.ActionLogEntry(SqlTime.instant(rs, "completed_at"), rs.getString("operation"),
                                new InvestigateMessage.ActionLogEntry.Properties(rs.getString("folder"), rs.getString("requested_by")))))
                .list();
        return rows.stream().map(row -> message(row, children)).toList();
    }

    private static InvestigateMessage message(Row row, Children children) {
        List<String> to = new ArrayList<>();
        List<String> toName = new ArrayList<>();
        List<String> envelopeTo = new ArrayList<>();
        for (String[] recipient : children.recipients.getOrDefault(row.seq(), List.of())) {
            switch (recipient[0]) {
                case "TO" -> {
                    to.add(recipient[1]);
                    toName.add(recipient[2] == null ? "" : recipient[2]);
                }
                case "ENVELOPE" -> envelopeTo.add(recipient[1]);
                default -> {
                }
            }
        }
        Set<DeliveryStatus> statuses = children.statuses.getOrDefault(row.seq(), Set.of());
        List<InvestigateMessage.ActionLogEntry> actions = children.actions.getOrDefault(row.id(), List.of());
        List<String> operations = actions.stream().map(a -> switch (a.operation()) {
            case "RELEASE" -> "QUARANTINE_RELEASE";
            default -> a.operation();
        }).distinct().toList();
        return new InvestigateMessage(
                row.id(), row.postfixId(),
                List.copyOf(children.copyRecipients.getOrDefault(row.seq(), Set.of())),
                row.reasons() == null || row.reasons().isEmpty() ? List.of() : List.of(row.reasons().split("\n")),
                row.submission(),
                statuses.contains(DeliveryStatus.QUARANTINED),
                Map.of(),
                row.scannedAt(), row.scannedAt(), row.sentAt(),
                row.from(), row.fromName(), to, toName, row.envelopeFrom(), envelopeTo,
                row.subject(), row.messageId(), row.disposition(), row.deliveryMode(), List.copyOf(statuses),
                row.alertId(), children.threats.getOrDefault(row.seq(), List.of()),
                row.heloIp(), row.previousHopIp(), row.originatingIp(),
                new InvestigateMessage.Validation(row.spf(), row.dkim(), row.dmarc()),
                operations, actions);
    }
}
