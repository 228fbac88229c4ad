package io.dragnet.corpus;

import io.dragnet.corpus.Content.AttachmentSpec;
import io.dragnet.corpus.Content.Link;
import io.dragnet.corpus.GeneratedMessage.Attachment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a message's MIME entity (from its Content-Type header to the end) for a {@link Content}.
 * Transfer encodings vary so that an importer must decode quoted-printable and base64 to find
 * the links in a body.
 */
final class MimeBody {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    });

    private MimeBody() {
    }

    /** Appends the entity and its attachments' truth to {@code attachments}. */
    static void write(Content content, SplittableRandom rng, StringBuilder out, List<Attachment> attachments) {
        if (content.attachments().isEmpty()) {
            writeText(content, rng, out);
            return;
        }
        String boundary = boundary(rng);
        out.append("Content-Type: multipart/mixed;\n\tboundary=\"").append(boundary).append("\"\n\n");
        if (rng.nextBoolean()) {
            out.append("This is a multi-part message in MIME format.\n");
        }
        out.append("--").append(boundary).append('\n');
        writeText(content, rng, out);
        for (AttachmentSpec spec : content.attachments()) {
            out.append("\n--").append(boundary).append('\n');
            byte[] bytes = Payloads.bytes(spec);
            attachments.add(new Attachment(spec.name(), Mime.hex(SHA256.get().digest(bytes))));
            writeAttachment(spec, bytes, rng, out);
        }
        out.append("\n--").append(boundary).append("--\n");
    }

    private static void writeText(Content content, SplittableRandom rng, StringBuilder out) {
        switch (content.style()) {
            case PLAIN:
                part("plain", plain(content), rng, out);
                return;
            case HTML:
                part("html", html(content), rng, out);
                return;
            default:
                String boundary = boundary(rng);
                out.append("Content-Type: multipart/alternative;\n\tboundary=\"").append(boundary).append("\"\n\n");
                out.append("--").append(boundary).append('\n');
                part("plain", plain(content), rng, out);
                out.append("\n--").append(boundary).append('\n');
                part("html", html(content), rng, out);
                out.append("\n--").append(boundary).append("--\n");
        }
    }

    /** One text part; non-ASCII text is sometimes sent as raw 8bit UTF-8, as modern mailers do. */
    private static void part(String subtype, String text, SplittableRandom rng, StringBuilder out) {
        boolean ascii = Mime.isAscii(text);
        int roll = rng.nextInt(100);
        String encoding = ascii
                ? (roll < 55 ? "7bit" : roll < 85 ? "quoted-printable" : "base64")
                : (roll < 25 ? "8bit" : roll < 70 ? "quoted-printable" : "base64");
        String charset = rng.nextInt(3) == 0 ? "\"utf-8\"" : "UTF-8";
        out.append("Content-Type: text/").append(subtype).append("; charset=").append(charset).append('\n');
        out.append("Content-Transfer-Encoding: ").append(encoding).append("\n\n");
        switch (encoding) {
            case "quoted-printable":
                Mime.quotedPrintable(text, out);
                break;
            case "base64":
                Mime.base64(text.getBytes(StandardCharsets.UTF_8), out);
                break;
            default:
                out.append(text);
        }
    }

    private static void writeAttachment(AttachmentSpec spec, byte[] bytes, SplittableRandom rng, StringBuilder out) {
        String name = spec.name();
        out.append("Content-Type: ").append(spec.mimeType());
        if (spec.mimeType().startsWith("text/")) {
            out.append("; charset=utf-8");
        }
        // Mailers put the name in Content-Type too, as an RFC 2047 word when it is not ASCII.
        String typeName = Mime.isAscii(name) ? '"' + name + '"'
                : '"' + String.join(" ", Mime.encodedWords(name, rng.nextBoolean())) + '"';
        out.append(";\n\tname=").append(typeName).append('\n');
        out.append("Content-Disposition: attachment;\n\t").append(Mime.fileNameParameter("filename", name)).append('\n');
        out.append("Content-Transfer-Encoding: base64\n\n");
        Mime.base64(bytes, out);
    }

    static String plain(Content c) {
        StringBuilder sb = new StringBuilder(512);
        sb.append(c.greeting()).append("\n\n");
        for (String paragraph : c.paragraphs()) {
            sb.append(paragraph).append("\n\n");
        }
        for (Link link : c.links()) {
            if (!link.image()) {
                sb.append(link.text()).append(":\n").append(link.url()).append("\n\n");
            }
        }
        sb.append(c.signoff()).append('\n').append(c.signature()).append('\n');
        if (c.quote() != null) {
            sb.append('\n').append(c.quote()).append('\n');
        }
        return sb.toString();
    }

    static String html(Content c) {
        StringBuilder sb = new StringBuilder(1024);
        sb.append("<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\n")
                .append("</head>\n<body style=\"font-family: Arial, sans-serif;\">\n");
        for (Link link : c.links()) {
            if (link.image()) {
                sb.append("<img src=\"").append(escape(link.url())).append("\" alt=\"\" width=\"600\">\n");
            }
        }
        sb.append("<p>").append(escape(c.greeting())).append("</p>\n");
        for (String paragraph : c.paragraphs()) {
            sb.append("<p>").append(escape(paragraph)).append("</p>\n");
        }
        for (Link link : c.links()) {
            if (!link.image()) {
                sb.append("<p><a href=\"").append(escape(link.url())).append("\">").append(escape(link.text()))
                        .append("</a></p>\n");
            }
        }
        sb.append("<p>").append(escape(c.signoff())).append("<br>\n").append(escape(c.signature())).append("</p>\n");
        if (c.quote() != null) {
            sb.append("<blockquote>").append(escape(c.quote()).replace("\n", "<br>\n")).append("</blockquote>\n");
        }
        return sb.append("</body>\n</html>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Boundaries in the styles of common mailers; none can occur in QP, base64 or our text. */
    private static String boundary(SplittableRandom rng) {
        switch (rng.nextInt(3)) {
            case 0:
                return "----=_Part_" + rng.nextInt(1_000_000) + "_" + rng.nextInt(1_000_000_000) + "."
                        + (1_600_000_000_000L + rng.nextLong(200_000_000_000L));
            case 1:
                return String.format("000000000000%012x", rng.nextLong(1L << 48));
            default:
                return "_000_" + Long.toString(rng.nextLong() >>> 1, 36).toUpperCase(Locale.ROOT) + "_";
        }
    }
}
