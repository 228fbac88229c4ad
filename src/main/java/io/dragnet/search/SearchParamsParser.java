package io.dragnet.search;

import io.dragnet.json.InputProblem;
import io.dragnet.json.InvalidInputException;
import io.dragnet.json.FieldSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** Reads search parameters (a job's {@code search_params}, or the Investigate query string) and fills in the defaults. */
public final class SearchParamsParser {
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
    public static final Set<String> FIELDS = Set.of(
            "start", "end", "sender", "recipient", "domain", "subject", "exact_subject", "query", "message_id",
            "alert_id", "final_disposition", "detections_only", "delivery_status", "message_action",
            "smtp_helo_ip", "metric", "submissions", "action_log");

    /** Long enough for any address, subject line (RFC 5322 caps a line at 998) or Message-ID. */
    private static final int MAX_TEXT = 1000;

    private SearchParamsParser() {
    }

    /**
     * @param now the moment the request arrived: the default {@code end}, and the limit {@code start} may not pass
     */
    public static SearchParams parse(FieldSource fields, Instant now) {
        Instant end = fields.dateTime("end").orElse(now);
        Instant start = fields.dateTime("start").orElse(end.minus(DEFAULT_WINDOW));
        if (start.isAfter(now)) {
            throw new InvalidInputException(InputProblem.INVALID_COMBINATION, fields.pointer("start"),
                    "Field " + fields.pointer("start") + " (" + start + ") is in the future; no message can have been received yet.");
        }
        String sender = fields.string("sender", MAX_TEXT).orElse(null);
        String recipient = fields.string("recipient", MAX_TEXT).orElse(null);
        String domain = fields.string("domain", MAX_TEXT).orElse(null);
        String subject = fields.string("subject", MAX_TEXT).orElse(null);
        String exactSubject = fields.string("exact_subject", MAX_TEXT).orElse(null);
        String query = fields.string("query", MAX_TEXT).orElse(null);
        String messageId = fields.string("message_id", MAX_TEXT).orElse(null);
        String alertId = fields.string("alert_id", MAX_TEXT).orElse(null);
        DispositionLabel disposition = fields.enumValue("final_disposition", DispositionLabel.class).orElse(null);
        boolean detectionsOnly = fields.bool("detections_only").orElse(true);
        DeliveryStatus deliveryStatus = fields.enumValue("delivery_status", DeliveryStatus.class).orElse(null);
        MessageAction messageAction = fields.enumValue("message_action", MessageAction.class).orElse(null);
        String smtpHeloIp = fields.string("smtp_helo_ip", MAX_TEXT).orElse(null);
        String metric = fields.string("metric", MAX_TEXT).orElse(null);
        boolean submissions = fields.bool("submissions").orElse(false);
        boolean actionLog = fields.bool("action_log").orElse(false);
        try {
            return new SearchParams(start, end, sender, recipient, domain, subject, exactSubject, query, messageId,
                    alertId, disposition, detectionsOnly, deliveryStatus, messageAction, smtpHeloIp, metric,
                    submissions, actionLog);
        } catch (InvalidInputException e) {
            // the record states its invariants with pointers relative to itself
            throw e.under(fields.pointer());
        }
    }
}
