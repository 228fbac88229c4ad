package io.dragnet.index;

import io.dragnet.corpus.GeneratedMessage;
import io.dragnet.search.DeliveryStatus;
import io.dragnet.search.DispositionLabel;
import io.dragnet.search.SearchParams;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The contract's search table applied in plain Java to what the corpus generator says it wrote:
 * the independent answer the SQL search is checked against.
 */
final class ReferenceSearch {
    private ReferenceSearch() {
    }

    static boolean matches(GeneratedMessage g, SearchParams p) {
        if (g.receivedAt().isBefore(p.start()) || g.receivedAt().isAfter(p.end())) {
            return false;
        }
        DispositionLabel label = Arrays.stream(DispositionLabel.values()).filter(l -> l.wire().equals(g.disposition()))
                .findFirst().orElseThrow();
        return !p.submissions()
                && (!p.detectionsOnly() || label.isDetection())
                && (p.finalDisposition() == null || p.finalDisposition() == label)
                && (p.sender() == null || sender(g, lower(p.sender())))
                && (p.recipient() == null || recipient(g, lower(p.recipient())))
                && (p.domain() == null || domain(g, lower(p.domain())))
                && (p.subject() == null || terms(p.subject()).stream().allMatch(t -> lower(g.subject()).contains(t)))
                && (p.exactSubject() == null || p.exactSubject().equals(g.subject()))
                && (p.query() == null || terms(p.query()).stream().allMatch(t -> haystack(g).stream().anyMatch(h -> h.contains(t))))
                && (p.messageId() == null || stripBrackets(p.messageId()).equalsIgnoreCase(g.messageId()))
                && (p.deliveryStatus() == null || statuses(g).contains(p.deliveryStatus()))
                && p.messageAction() == null // nothing has been done to freshly imported mail
                && (p.smtpHeloIp() == null || p.smtpHeloIp().equals(g.heloIp()))
                && (p.metric() == null || g.threatCategories().stream().anyMatch(c -> c.equalsIgnoreCase(p.metric())));
    }

    private static boolean sender(GeneratedMessage g, String s) {
        return s.contains("@") ? s.equals(g.from()) || s.equals(g.envelopeFrom())
                : s.equals(domainOf(g.from())) || s.equals(domainOf(g.envelopeFrom()));
    }

    private static List<String> recipients(GeneratedMessage g) {
        return Stream.of(g.to().stream(), g.cc().stream(), g.copies().stream().map(GeneratedMessage.Copy::mailbox))
                .flatMap(s -> s).toList();
    }

    private static boolean recipient(GeneratedMessage g, String r) {
        return recipients(g).stream().anyMatch(a -> r.contains("@") ? a.equals(r) : domainOf(a).equals(r));
    }

    private static boolean domain(GeneratedMessage g, String d) {
        List<String> domains = new ArrayList<>(List.of(domainOf(g.from()), domainOf(g.envelopeFrom())));
        recipients(g).forEach(a -> domains.add(domainOf(a)));
        domains.addAll(g.linkDomains());
        return domains.stream().anyMatch(x -> x.equals(d) || x.endsWith("." + d));
    }

    private static List<String> haystack(GeneratedMessage g) {
        List<String> parts = new ArrayList<>(List.of(g.from(), g.envelopeFrom(), g.subject(), g.messageId()));
        parts.addAll(recipients(g));
        g.attachments().forEach(a -> {
            parts.add(a.name());
            parts.add(a.sha256Hex());
        });
        return parts.stream().map(ReferenceSearch::lower).toList();
    }

    static List<DeliveryStatus> statuses(GeneratedMessage g) {
        return g.copies().stream()
                .map(c -> c.folder().equals(".Quarantine") ? DeliveryStatus.QUARANTINED : DeliveryStatus.DELIVERED)
                .distinct().toList();
    }

    private static List<String> terms(String text) {
        return Arrays.stream(lower(text).split("\\s+")).filter(t -> !t.isEmpty()).toList();
    }

    private static String stripBrackets(String id) {
        String s = id.strip();
        return s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1) : s;
    }

    private static String domainOf(String address) {
        return address == null ? "" : address.substring(address.lastIndexOf('@') + 1);
    }

    private static String lower(String text) {
        return text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    }
}
