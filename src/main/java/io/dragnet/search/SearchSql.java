package io.dragnet.search;

import io.dragnet.store.Vendor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one translation of {@link SearchParams} into SQL over the message index ({@code messages m}
 * and its child tables). The Investigate endpoint pages through it and job discovery inserts from
 * it, so the same parameters always select the same messages.
 *
 * <p>Every comparison the contract calls case-insensitive is against a column import stored
 * lowercased, so it is a plain equality or LIKE that indexes serve on both databases.
 */
public record SearchSql(String where, Map<String, Object> parameters, List<String> orderedBranches) {
    /**
     * @param orderedBranches empty, or alternative WHERE clauses whose union selects exactly what
     *     {@code where} does, each of which an index on {@code (account_id, column, received_at, seq)}
     *     can return newest first. A sender matches From <em>or</em> the envelope sender, and no
     *     single ordered index serves an OR: at a campaign's scale (tens of thousands of messages)
     *     PostgreSQL would fetch and sort every match to show 20 of them. A page reads the newest
     *     rows of each branch instead, and merges them.
     */
    public SearchSql {
        parameters = Map.copyOf(parameters);
        orderedBranches = List.copyOf(orderedBranches);
    }

    public static SearchSql of(Vendor vendor, String accountId, SearchParams search) {
        Builder b = new Builder();
        String account = b.bind(accountId);
        b.add("m.account_id = " + account);
        b.add("m.received_at >= " + b.bind(search.start()) + " AND m.received_at <= " + b.bind(search.end()));
        b.add("m.is_submission = " + b.bind(search.submissions()));
        if (search.detectionsOnly()) {
            b.add("m.is_detection = TRUE");
        }
        if (search.finalDisposition() != null) {
            b.add("m.final_disposition = " + b.bind(search.finalDisposition().name()));
        }
        if (search.sender() != null) {
            String sender = lower(search.sender());
            String value = b.bind(sender);
            b.addEither(sender.contains("@")
                    ? List.of("m.from_address = " + value, "m.envelope_from = " + value)
                    : List.of("m.from_domain = " + value, "m.envelope_from_domain = " + value));
        }
        if (search.recipient() != null) {
            String recipient = lower(search.recipient());
            String headerColumn = recipient.contains("@") ? "r.address" : "r.domain";
            String copyColumn = recipient.contains("@") ? "c.recipient" : "c.recipient_domain";
            String value = b.bind(recipient);
            b.add("(EXISTS (SELECT 1 FROM message_recipients r WHERE r.message_seq = m.seq AND " + headerColumn + " = " + value + ")"
                    + " OR EXISTS (SELECT 1 FROM message_copies c WHERE c.message_seq = m.seq AND " + copyColumn + " = " + value + "))");
        }
        if (search.domain() != null) {
            String domain = lower(search.domain());
            String exact = b.bind(domain);
            String sub = b.bind("%." + escapeLike(domain));
            b.add("(" + domainMatch("m.from_domain", exact, sub) + " OR " + domainMatch("m.envelope_from_domain", exact, sub)
                    + " OR EXISTS (SELECT 1 FROM message_recipients r WHERE r.message_seq = m.seq AND " + domainMatch("r.domain", exact, sub) + ")"
                    + " OR EXISTS (SELECT 1 FROM message_copies c WHERE c.message_seq = m.seq AND " + domainMatch("c.recipient_domain", exact, sub) + ")"
                    + " OR EXISTS (SELECT 1 FROM message_link_domains l WHERE l.message_seq = m.seq AND " + domainMatch("l.domain", exact, sub) + "))");
        }
        for (String keyword : terms(search.subject())) {
            b.add("m.subject_lower LIKE " + b.bind("%" + escapeLike(keyword) + "%") + " ESCAPE '!'");
        }
        if (search.exactSubject() != null) {
            b.add("m.subject = " + b.bind(search.exactSubject()));
        }
        for (String term : terms(search.query())) {
            String pattern = b.bind("%" + escapeLike(term) + "%");
            String haystack = "search_text LIKE " + pattern + " ESCAPE '!'";
            String mailbox = "recipient LIKE " + pattern + " ESCAPE '!'";
            b.add(switch (vendor) {
                // the messages of either side by seq: each side alone is a substring match a trigram
                // index answers (V2_1, V5_5), where no index serves the OR of the two
                case POSTGRESQL -> "m.seq IN (SELECT q.seq FROM messages q WHERE q.account_id = " + account + " AND q." + haystack
                        + " UNION ALL SELECT qc.message_seq FROM message_copies qc WHERE qc.account_id = " + account + " AND qc." + mailbox + ")";
                // H2 has no index for substrings, and answers an IN over a union fifteen times slower
                // than this test of each message (bench/README.md)
                case H2 -> "(m." + haystack + " OR EXISTS (SELECT 1 FROM message_copies c WHERE c.message_seq = m.seq AND c." + mailbox + "))";
            });
        }
        if (search.messageId() != null) {
            b.add("m.message_id_lower = " + b.bind(lower(stripBrackets(search.messageId()))));
        }
        if (search.alertId() != null) {
            b.add("m.alert_id = " + b.bind(search.alertId()));
        }
        if (search.deliveryStatus() != null) {
            b.add("EXISTS (SELECT 1 FROM message_copies c WHERE c.message_seq = m.seq AND c.delivery_status = "
                    + b.bind(search.deliveryStatus().wire()) + ")");
        }
        if (search.messageAction() != null) {
            b.add("EXISTS (SELECT 1 FROM message_actions a WHERE a.message_id = m.id AND a.operation = "
                    + b.bind(operation(search.messageAction())) + ")");
        }
        if (search.smtpHeloIp() != null) {
            b.add("m.smtp_helo_ip = " + b.bind(search.smtpHeloIp().strip()));
        }
        if (search.metric() != null) {
            b.add("EXISTS (SELECT 1 FROM message_threats t WHERE t.message_seq = m.seq AND t.category_lower = "
                    + b.bind(lower(search.metric())) + ")");
        }
        return new SearchSql(String.join("\n AND ", b.conditions), b.parameters, b.branches());
    }

    /** The action-log operation each {@code message_action} value looks for. */
    public static String operation(MessageAction action) {
        return switch (action) {
            case PREVIEW -> "PREVIEW";
            case QUARANTINE_RELEASED -> "RELEASE";
            case MOVED -> "MOVE";
        };
    }

    private static String domainMatch(String column, String exact, String subdomain) {
        return "(" + column + " = " + exact + " OR " + column + " LIKE " + subdomain + " ESCAPE '!')";
    }

    /** Space-separated terms, lowercased; none for a blank value. */
    private static List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        if (text != null) {
            for (String term : text.toLowerCase(Locale.ROOT).split("\\s+")) {
                if (!term.isEmpty()) {
                    terms.add(term);
                }
            }
        }
        return terms;
    }

    private static String lower(String text) {
        return text.strip().toLowerCase(Locale.ROOT);
    }

    static String stripBrackets(String messageId) {
        String id = messageId.strip();
        if (id.startsWith("<") && id.endsWith(">") && id.length() >= 2) {
            id = id.substring(1, id.length() - 1);
        }
        return id.strip();
    }

    /**
     * Escapes LIKE's wildcards for a pattern used with {@code ESCAPE '!'}. Not backslash: Jdbi's
     * statement parser reads {@code '\'} as an escaped quote and mangles the SQL around it.
     */
    public static String escapeLike(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static final class Builder {
        private final List<String> conditions = new ArrayList<>();
        private final Map<String, Object> parameters = new LinkedHashMap<>();
        private int eitherAt = -1;
        private List<String> either = List.of();

        void add(String condition) {
            conditions.add(condition);
        }

        /** An OR of indexed equalities; the first such OR also becomes the ordered branches. */
        void addEither(List<String> alternatives) {
            if (eitherAt < 0) {
                eitherAt = conditions.size();
                either = alternatives;
            }
            conditions.add("(" + String.join(" OR ", alternatives) + ")");
        }

        List<String> branches() {
            List<String> branches = new ArrayList<>();
            for (String alternative : either) {
                List<String> branch = new ArrayList<>(conditions);
                branch.set(eitherAt, alternative);
                branches.add(String.join("\n AND ", branch));
            }
            return branches;
        }

        String bind(Object value) {
            String name = "p" + parameters.size();
            parameters.put(name, value);
            return ":" + name;
        }
    }
}
