package io.dragnet.corpus;

import io.dragnet.corpus.Draft.Delivery;
import io.dragnet.corpus.GeneratedMessage.Attachment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Turns a draft into message text in two pieces: the per-copy trace the recipient's MX and
 * Dovecot add (Return-Path, Delivered-To, Received, filter verdicts, Authentication-Results),
 * and the part the sender wrote, which is the same in every copy.
 */
final class MessageRenderer {
    private static final String TLS = "\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)"
            + "\n\t key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256)"
            + "\n\t(No client certificate requested)";

    private final Senders senders;
    private final long seed;

    MessageRenderer(Senders senders, long seed) {
        this.senders = senders;
        this.seed = seed;
    }

    /** The sender's part: the trace of the sender's own hop, the headers, and the MIME body. */
    void appendCommon(Draft d, SplittableRandom rng, StringBuilder out, List<Attachment> attachments) {
        Relay relay = d.relay;
        if (relay.previousIp() != null) {
            String client = relay.previousName().startsWith("[") ? "unknown" : "";
            out.append("Received: from ").append(relay.previousName()).append(" (").append(client)
                    .append(client.isEmpty() ? "[" : " [").append(relay.previousIp()).append("])");
            if (relay.authUser() != null) {
                out.append("\n\t(Authenticated sender: ").append(relay.authUser()).append(')');
            }
            out.append("\n\tby ").append(relay.heloName()).append(" (Postfix) with ESMTPSA id ")
                    .append(queueId(d.serial, relay.heloName())).append(";\n\t")
                    .append(Mime.date(relay.previousAt(), relay.offset(), true)).append('\n');
        }
        if (d.dkim.equals("pass") || d.dkim.equals("fail")) {
            appendDkimSignature(d, rng, out);
        }
        if (d.originatingIp != null) {
            out.append("X-Originating-IP: [").append(d.originatingIp).append("]\n");
        }
        out.append("Date: ").append(Mime.date(d.sentAt, d.dateOffset, false)).append('\n');
        boolean base64Names = rng.nextBoolean();
        out.append("From: ").append(Mime.mailbox(d.from.name(), spell(rng, d.from.address(), 25), base64Names))
                .append('\n');
        if (d.to.isEmpty()) {
            out.append("To: undisclosed-recipients:;\n");
        } else {
            Mime.header(out, "To", addressList(d.to, rng, base64Names), ", ");
        }
        if (!d.cc.isEmpty()) {
            Mime.header(out, "Cc", addressList(d.cc, rng, base64Names), ", ");
        }
        Mime.header(out, "Subject", subjectTokens(d.subject, rng), " ");
        out.append("Message-ID: <").append(d.messageId).append(">\n");
        if (d.inReplyTo != null) {
            out.append("In-Reply-To: <").append(d.inReplyTo).append(">\n");
            List<String> references = new ArrayList<>();
            for (String reference : d.references) {
                references.add('<' + reference + '>');
            }
            Mime.header(out, "References", references, " ");
        }
        for (String header : d.extraHeaders) {
            if (!header.isEmpty()) {
                out.append(header).append('\n');
            }
        }
        out.append("MIME-Version: 1.0\n");
        MimeBody.write(d.content, rng, out, attachments);
    }

    /** What the recipient's side adds for one copy, topmost first. */
    void appendTrace(Draft d, Delivery delivery, StringBuilder out) {
        String mailbox = delivery.mailbox().address();
        String domain = delivery.mailbox().domain();
        String mx = "mx1." + domain;
        String date = Mime.date(d.receivedAt, senders.offsetOf(domain), true);
        String queueId = queueId(d.serial, domain);
        out.append("Return-Path: <").append(d.envelopeFrom).append(">\n");
        out.append("X-Original-To: ").append(mailbox).append('\n');
        out.append("Delivered-To: ").append(mailbox).append('\n');
        if (d.internalHop) {
            out.append("Received: from localhost (localhost [127.0.0.1])\n\tby ").append(mx)
                    .append(" (Postfix) with ESMTP id ").append(queueId(d.serial, "amavis." + domain))
                    .append("\n\tfor <").append(mailbox).append(">; ").append(date).append('\n');
        }
        d.verdict.appendHeaders(out, queueId);
        String fromDomain = d.from.domain();
        out.append("Authentication-Results: ").append(mx).append(";\n\tspf=").append(d.spf)
                .append(" smtp.mailfrom=").append(d.envelopeFrom.substring(d.envelopeFrom.indexOf('@') + 1))
                .append(";\n\tdkim=").append(d.dkim).append(" header.d=").append(fromDomain)
                .append(";\n\tdmarc=").append(d.dmarc)
                .append(d.dmarc.equals("fail") ? " (p=quarantine dis=none)" : "")
                .append(" header.from=").append(fromDomain).append('\n');
        Relay relay = d.relay;
        out.append("Received: from ").append(relay.heloName()).append(" (")
                .append(relay.rdns() == null ? "unknown" : relay.rdns()).append(" [").append(relay.heloIp()).append("])")
                .append(relay.tls() ? TLS : "").append("\n\tby ").append(mx).append(" (Postfix) with ")
                .append(relay.tls() ? "ESMTPS" : "ESMTP").append(" id ").append(queueId)
                .append("\n\tfor <").append(mailbox).append(">; ").append(date).append('\n');
    }

    private void appendDkimSignature(Draft d, SplittableRandom rng, StringBuilder out) {
        byte[] bodyHash = new byte[32];
        byte[] signature = new byte[256];
        rng.nextBytes(bodyHash);
        rng.nextBytes(signature);
        String b = Base64.getEncoder().encodeToString(signature);
        out.append("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=").append(d.from.domain())
                .append(";\n\ts=selector").append(1 + rng.nextInt(2)).append("; t=").append(d.sentAt)
                .append(";\n\th=from:to:subject:date:message-id:mime-version:content-type;\n\tbh=")
                .append(Base64.getEncoder().encodeToString(bodyHash)).append(";\n\tb=");
        for (int i = 0; i < b.length(); i += 70) {
            out.append(i == 0 ? "" : "\n\t ").append(b, i, Math.min(b.length(), i + 70));
        }
        out.append('\n');
    }

    private static List<String> addressList(List<Person> people, SplittableRandom rng, boolean base64Names) {
        List<String> tokens = new ArrayList<>(people.size());
        for (Person person : people) {
            tokens.add(Mime.mailbox(person.name(), spell(rng, person.address(), 40), base64Names));
        }
        return tokens;
    }

    /**
     * Subject tokens: plain words, or leading ASCII words followed by encoded-words for the rest,
     * as mailers do (a reader sees "Re: " + the decoded rest).
     */
    private static List<String> subjectTokens(String subject, SplittableRandom rng) {
        String[] words = subject.split(" ", -1);
        if (Mime.isAscii(subject)) {
            return List.of(words);
        }
        List<String> tokens = new ArrayList<>();
        int plain = 0;
        if (rng.nextBoolean()) {
            while (plain < words.length && Mime.isAscii(words[plain]) && !words[plain].isEmpty()) {
                tokens.add(words[plain++]);
            }
        }
        String rest = String.join(" ", Arrays.copyOfRange(words, plain, words.length));
        tokens.addAll(Mime.encodedWords(rest, rng.nextBoolean()));
        return tokens;
    }

    /** Now and then an address is written with capitals; the truth keeps it lowercase. */
    private static String spell(SplittableRandom rng, String address, int oneIn) {
        if (rng.nextInt(oneIn) != 0) {
            return address;
        }
        StringBuilder sb = new StringBuilder(address);
        for (int i = 0; i < sb.length(); i++) {
            if (i == 0 || ".@-".indexOf(sb.charAt(i - 1)) >= 0) {
                sb.setCharAt(i, Character.toUpperCase(sb.charAt(i)));
            }
        }
        return sb.toString();
    }

    /** A Postfix short queue ID, the same for every copy one MX took in one transaction. */
    private String queueId(long serial, String server) {
        long h = Shuffle.seedFor(Shuffle.seedFor(seed, serial), server.hashCode());
        return Long.toHexString(h | 1L << 40).substring(0, 10).toUpperCase(Locale.ROOT);
    }
}
