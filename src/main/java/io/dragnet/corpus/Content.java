package io.dragnet.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What a message says, before it is turned into MIME. The same links go into the text and the
 * HTML part, so the link domains do not depend on which part an importer reads.
 *
 * @param quote a quoted earlier message, or null
 */
record Content(
        Style style,
        String greeting,
        List<String> paragraphs,
        List<Link> links,
        String signoff,
        String signature,
        String quote,
        List<AttachmentSpec> attachments) {

    enum Style { PLAIN, HTML, ALTERNATIVE }

    /**
     * @param host  lowercase; the URL may spell it in another case, as phishing mail does; null for a
     *              mailto: link, which is no http(s) link
     * @param image an {@code <img src>} in the HTML part only; still a URL in a text/html part
     */
    record Link(String host, String url, String text, boolean image) {
        static Link to(SplittableRandom rng, String host, String pathAndQuery, String text) {
            return new Link(host, "https://" + spell(rng, host) + pathAndQuery, text, false);
        }

        static Link image(String host, String path) {
            return new Link(host, "https://" + host + path, "", true);
        }

        private static String spell(SplittableRandom rng, String host) {
            int roll = rng.nextInt(40);
            if (roll == 0) {
                return host.toUpperCase(Locale.ROOT);
            }
            if (roll == 1) {
                return Character.toUpperCase(host.charAt(0)) + host.substring(1) + ":443";
            }
            return host;
        }
    }

    /**
     * An attachment whose bytes are derived from {@code contentSeed}: two specs with one seed, size
     * and type have the same bytes and so the same SHA-256, as a payload mailed to many people does.
     */
    record AttachmentSpec(String name, String mimeType, long contentSeed, int size) {
    }

    Content {
        paragraphs = List.copyOf(paragraphs);
        links = List.copyOf(links);
        attachments = List.copyOf(attachments);
    }

    List<String> linkDomains() {
        List<String> hosts = new ArrayList<>();
        for (Link link : links) {
            if (link.host() != null && (style != Style.PLAIN || !link.image()) && !hosts.contains(link.host())) {
                hosts.add(link.host());
            }
        }
        return hosts;
    }
}
