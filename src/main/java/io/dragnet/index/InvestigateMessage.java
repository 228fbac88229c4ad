package io.dragnet.index;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dragnet.search.DeliveryStatus;
import io.dragnet.search.DispositionLabel;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A message of the index in the contract's Investigate shape ({@code email-security_MessageDetails}). */
public record InvestigateMessage(
        String id,
        String postfixId,
        List<String> clientRecipients,
        List<String> detectionReasons,
        boolean isPhishSubmission,
        boolean isQuarantined,
        Map<String, Object> properties,
        Instant ts,
        Instant scannedAt,
        Instant sentAt,
        String from,
        String fromName,
        List<String> to,
        List<String> toName,
        String envelopeFrom,
        List<String> envelopeTo,
        String subject,
        String messageId,
        DispositionLabel finalDisposition,
        String deliveryMode,
        List<DeliveryStatus> deliveryStatus,
        String alertId,
        List<String> threatCategories,
        String smtpHeloServerIp,
        String smtpPreviousHopIp,
        String xOriginatingIp,
        Validation validation,
        List<String> postDeliveryOperations,
        List<ActionLogEntry> actionLog) {

    /** SPF, DKIM and DMARC results; absent results are left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Validation(String spf, String dkim, String dmarc) {
    }

    /** One action taken on the message. */
    public record ActionLogEntry(Instant completedAt, String operation, Properties properties) {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public record Properties(String folder, String requestedBy) {
        }
    }
}
