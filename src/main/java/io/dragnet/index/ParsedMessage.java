package io.dragnet.index;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything import reads out of one message file. Fields the message does not carry are null
 * (or empty lists); {@code receivedAt} is null only when no header says when it arrived.
 */
public record ParsedMessage(
        String messageId,
        String subject,
        Address from,
        String envelopeFrom,
        String replyTo,
        List<Address> to,
        List<Address> cc,
        List<String> envelopeTo,
        Instant sentAt,
        Instant receivedAt,
        String heloIp,
        String previousHopIp,
        String originatingIp,
        String spf,
        String dkim,
        String dmarc,
        Verdict verdict,
        String explicitAlertId,
        Set<String> linkDomains,
        List<Attachment> attachments,
        String bodySha256) {

    public ParsedMessage {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        envelopeTo = List.copyOf(envelopeTo);
        linkDomains = Set.copyOf(linkDomains);
        attachments = List.copyOf(attachments);
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(bodySha256, "bodySha256");
    }
}
