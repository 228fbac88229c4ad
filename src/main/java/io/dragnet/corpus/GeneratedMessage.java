package io.dragnet.corpus;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The truth about one generated message: what an importer should read back from any of its copies.
 * Addresses and hostnames are lowercase even where the file spells them otherwise.
 *
 * @param messageId        the Message-ID without angle brackets
 * @param fromName         the decoded display name of From, or null when there is none
 * @param envelopeFrom     the Return-Path address
 * @param to               To addresses in header order; empty for "undisclosed-recipients:;"
 * @param toNames          decoded display names parallel to {@code to}; an entry is null when there is no name
 * @param subject          the decoded subject as a reader sees it
 * @param sentAt           the Date header
 * @param receivedAt       the date of the topmost Received header
 * @param heloIp           the connecting IP of the entry hop (the first Received whose IP is not internal)
 * @param previousHopIp    the IP of the Received header below the entry hop, or null when there is none
 * @param originatingIp    X-Originating-IP without brackets, or null
 * @param disposition      the wire name of the verdict the headers map to
 * @param threatCategories SpamAssassin tests when its status is Yes, in order, then every X-Dragnet-Threat value
 * @param linkDomains      hosts of every http(s) URL in the decoded text/plain and text/html body parts, distinct;
 *                         compare as a set, the order is not document order
 * @param attachments      every attachment in part order
 * @param copies           one per delivered mailbox folder; the mailbox is the envelope recipient and is not
 *                         always in To or Cc (Bcc, undisclosed recipients)
 */
public record GeneratedMessage(
        String messageId,
        String from, String fromName, String envelopeFrom,
        List<String> to, List<String> toNames, List<String> cc,
        String subject,
        Instant sentAt,
        Instant receivedAt,
        String heloIp, String previousHopIp, String originatingIp,
        String disposition,
        List<String> threatCategories,
        List<String> linkDomains,
        List<Attachment> attachments,
        String spf, String dkim, String dmarc,
        Kind kind,
        List<Copy> copies) {

    /** Why the message is in the corpus; SPOOF and SUSPICIOUS verdicts are kind SPAM. */
    public enum Kind { CAMPAIGN, SPAM, BULK, CLEAN, QUARANTINED }

    /** An attachment: the decoded file name and the SHA-256 of its decoded bytes, lowercase hex. */
    public record Attachment(String name, String sha256Hex) {
        public Attachment {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sha256Hex, "sha256Hex");
        }
    }

    /**
     * One delivered copy.
     *
     * @param mailbox user@domain, lowercase
     * @param folder  "" for the Maildir root (INBOX), ".Junk" or ".Quarantine"
     * @param file    the message file, under cur/ or new/ of that folder
     */
    public record Copy(String mailbox, String folder, Path file) {
        public Copy {
            Objects.requireNonNull(mailbox, "mailbox");
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(file, "file");
        }
    }

    public GeneratedMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
        to = List.copyOf(to);
        toNames = Collections.unmodifiableList(new ArrayList<>(toNames)); // null entries allowed
        cc = List.copyOf(cc);
        threatCategories = List.copyOf(threatCategories);
        linkDomains = List.copyOf(linkDomains);
        attachments = List.copyOf(attachments);
        copies = List.copyOf(copies);
        if (to.size() != toNames.size()) {
            throw new IllegalArgumentException("toNames must run parallel to to");
        }
        if (!receivedAt.isAfter(sentAt)) {
            throw new IllegalArgumentException("receivedAt " + receivedAt + " is not after sentAt " + sentAt);
        }
        if (copies.isEmpty()) {
            throw new IllegalArgumentException("message " + messageId + " has no copy");
        }
    }
}
