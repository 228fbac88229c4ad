package io.dragnet.index;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The stable ids of a message, derived from what it is rather than when it was imported, so that
 * importing the same mail twice (or its copies from several mailboxes) meets the same message.
 *
 * <p>Copies of one message differ in their delivery headers (Delivered-To, Received), so the
 * identity is the Message-ID with sender and date; a message without a Message-ID is identified by
 * its sender, date, subject and body.
 */
public final class MessageIdentity {
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final String key;
    private final String postfixId;

    private MessageIdentity(String key) {
        this.key = key;
        this.postfixId = base62(digest("postfix"), 16); // asked for several times per message on the import path
    }

    public static MessageIdentity of(String accountId, ParsedMessage message) {
        if (message.messageId() != null) {
            return of(accountId, new Reading.Identifying(message.messageId(), message.from(), message.sentAt()));
        }
        String from = message.from() == null ? "" : message.from().address();
        String sent = message.sentAt() == null ? "" : message.sentAt().toString();
        return new MessageIdentity(accountId + "\n\n" + from + "\n" + sent + "\n" + message.subject() + "\n" + message.bodySha256());
    }

    /** The identity of a message with a Message-ID, which its top-level header alone gives. */
    public static MessageIdentity of(String accountId, Reading.Identifying header) {
        String from = header.from() == null ? "" : header.from().address();
        String sent = header.sentAt() == null ? "" : header.sentAt().toString();
        return new MessageIdentity(accountId + "\n" + header.messageId().toLowerCase(Locale.ROOT) + "\n" + from + "\n" + sent);
    }

    /** 16 characters in the shape of a Postfix long queue id: {@code 4Njp3P0STMz2c02Q}. */
    public String postfixId() {
        return postfixId;
    }

    /** The Investigate id: postfix id, arrival time and a check value, as Cloudflare shapes it. */
    public String investigateId(Instant receivedAt) {
        return postfixId() + "-" + ID_TIME.format(receivedAt) + "-" + HexFormat.of().formatHex(digest("investigate"), 0, 4);
    }

    /** The id of the detection on this message. */
    public String alertId() {
        return base62(digest("alert"), 12) + "-" + HexFormat.of().formatHex(digest("alert-check"), 0, 2);
    }

    private byte[] digest(String purpose) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(purpose.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return sha.digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String base62(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET[(bytes[i] & 0xff) % ALPHABET.length]);
        }
        return out.toString();
    }
}
