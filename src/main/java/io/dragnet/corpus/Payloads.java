package io.dragnet.corpus;

import io.dragnet.corpus.Content.AttachmentSpec;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Attachment bytes: a plausible file signature followed by noise, all from the spec's seed so that
 * equal specs give equal bytes (and hashes) wherever they are mailed.
 */
final class Payloads {
    private static final byte[] PDF = "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] ZIP = {'P', 'K', 3, 4, 20, 0, 6, 0};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0};

    private Payloads() {
    }

    static String mimeType(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".pdf")) {
            return "application/pdf";
        }
        if (lower.endsWith(".zip")) {
            return "application/zip";
        }
        if (lower.endsWith(".docx")) {
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        }
        if (lower.endsWith(".xlsx")) {
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        }
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (lower.endsWith(".html") || lower.endsWith(".htm")) {
            return "text/html";
        }
        return "application/octet-stream";
    }

    static byte[] bytes(AttachmentSpec spec) {
        SplittableRandom rng = new SplittableRandom(spec.contentSeed());
        if (spec.mimeType().equals("text/html")) {
            return credentialForm(rng);
        }
        byte[] magic = spec.mimeType().equals("application/pdf") ? PDF
                : spec.mimeType().startsWith("image/") ? JPEG
                : spec.mimeType().equals("application/octet-stream") ? new byte[0] : ZIP;
        byte[] data = new byte[Math.max(spec.size(), magic.length)];
        rng.nextBytes(data);
        System.arraycopy(magic, 0, data, 0, magic.length);
        return data;
    }

    /**
     * A credential-harvesting page as phishers attach it. Its target URL is only base64 inside a
     * script, so the attachment holds no http(s) URL for a link extractor to disagree about.
     */
    private static byte[] credentialForm(SplittableRandom rng) {
        String target = "https://portal-" + Long.toString(rng.nextLong() >>> 24, 36) + ".example/auth/owa";
        String page = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Invoice PDF</title></head>\n"
                + "<body onload=\"go()\"><p>Loading document, please wait&hellip;</p>\n"
                + "<script>function go(){var u=atob(\""
                + Base64.getEncoder().encodeToString(target.getBytes(StandardCharsets.US_ASCII))
                + "\");document.location.replace(u+\"?id=" + Long.toHexString(rng.nextLong()) + "\");}</script>\n"
                + "</body></html>\n";
        return page.getBytes(StandardCharsets.UTF_8);
    }
}
