package io.dragnet.corpus;

import io.dragnet.corpus.GeneratedMessage.Attachment;
import io.dragnet.corpus.GeneratedMessage.Copy;
import io.dragnet.corpus.GeneratedMessage.Kind;
import io.dragnet.corpus.MailReader.Part;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CorpusGeneratorTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final CorpusSpec SPEC = new CorpusSpec(42, 3, 6, 400, NOW);
    private static final Pattern URL_HOST = Pattern.compile("https?://([^/:?#\"'<>\\s]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern BRACKETED_IP = Pattern.compile("\\(([^()\\[]*)\\[([0-9.]+)\\]\\)");

    @TempDir
    static Path dir;
    static Corpus corpus;

    @BeforeAll
    static void generate() throws IOException {
        corpus = CorpusGenerator.write(dir.resolve("a"), SPEC);
    }

    @Test
    void sameSpecWritesTheSameBytes() throws IOException {
        Corpus again = CorpusGenerator.write(dir.resolve("b"), SPEC);
        assertThat(tree(again.root())).isEqualTo(tree(corpus.root()));
        assertThat(again.messages()).extracting(GeneratedMessage::messageId)
                .isEqualTo(corpus.messages().stream().map(GeneratedMessage::messageId).toList());

        Corpus other = CorpusGenerator.write(dir.resolve("c"), new CorpusSpec(43, 3, 6, 400, NOW));
        assertThat(tree(other.root())).isNotEqualTo(tree(corpus.root()));
    }

    @Test
    void everyMailboxHasEveryFolder() {
        assertThat(corpus.mailboxes()).hasSize(18).contains("alice@example.com", "bob@example.org", "frank@corp2.example");
        for (String mailbox : corpus.mailboxes()) {
            for (String folder : List.of("", ".Junk", ".Trash", ".Quarantine")) {
                for (String sub : List.of("cur", "new", "tmp")) {
                    assertThat(corpus.maildir(mailbox).resolve(folder).resolve(sub)).isDirectory();
                }
            }
        }
        assertThat(Population.userName(16)).isEqualTo("user017");
    }

    @Test
    void kindsAndDispositionsAreAllPresentInTheirFolders() {
        Map<Kind, List<GeneratedMessage>> byKind = corpus.messages().stream()
                .collect(Collectors.groupingBy(GeneratedMessage::kind));
        assertThat(byKind).containsOnlyKeys(Kind.values());
        assertThat(byKind.get(Kind.CAMPAIGN)).hasSize(60);
        assertThat(byKind.get(Kind.QUARANTINED)).hasSize(20);
        assertThat(corpus.messages()).extracting(GeneratedMessage::disposition).contains(
                "MALICIOUS", "MALICIOUS-BEC", "SUSPICIOUS", "SPOOF", "SPAM", "BULK", "NONE");
        assertThat(folders(byKind.get(Kind.CAMPAIGN))).containsExactly("");
        assertThat(folders(byKind.get(Kind.CLEAN))).containsExactly("");
        assertThat(folders(byKind.get(Kind.BULK))).containsExactly("");
        assertThat(folders(byKind.get(Kind.QUARANTINED))).containsExactly(".Quarantine");
        assertThat(folders(byKind.get(Kind.SPAM))).containsExactlyInAnyOrder("", ".Junk");

        List<GeneratedMessage> campaign = byKind.get(Kind.CAMPAIGN);
        Map<String, List<GeneratedMessage>> waves = campaign.stream().collect(Collectors.groupingBy(m -> domain(m.from())));
        assertThat(waves.size()).isBetween(2, 4);
        waves.values().forEach(wave -> assertThat(wave.stream().map(GeneratedMessage::linkDomains).distinct()).hasSize(1));
        assertThat(campaign).allSatisfy(m -> assertThat(m.copies()).hasSizeBetween(1, 5));
        assertThat(campaign).filteredOn(m -> m.disposition().equals("MALICIOUS-BEC"))
                .isNotEmpty().allSatisfy(m -> assertThat(m.linkDomains()).isEmpty());
        assertThat(byKind.get(Kind.QUARANTINED)).flatExtracting(GeneratedMessage::attachments)
                .extracting(Attachment::name).contains("invoice.pdf.html", "Rechnung_März.zip");
    }

    @Test
    void smallCorporaStillHaveEveryKind(@TempDir Path small) throws IOException {
        Corpus ten = CorpusGenerator.write(small.resolve("ten"), new CorpusSpec(1, 1, 1, 10, NOW));
        assertThat(ten.messages()).extracting(GeneratedMessage::kind).contains(Kind.values());
        Corpus empty = CorpusGenerator.write(small.resolve("empty"), new CorpusSpec(1, 2, 2, 0, NOW));
        assertThat(empty.messages()).isEmpty();
        assertThat(empty.maildir("bob@example.org").resolve(".Junk/tmp")).isDirectory();
        assertThatThrownBy(() -> CorpusGenerator.write(small.resolve("ten"), new CorpusSpec(1, 1, 1, 10, NOW)))
                .isInstanceOf(IOException.class).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> new CorpusSpec(1, 0, 1, 1, NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CorpusSpec(1, 1, 1, -1, NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CorpusSpec(1, 1, 1, 1, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void timesFollowTheRules() {
        long recent = 0;
        for (GeneratedMessage m : corpus.messages()) {
            assertThat(m.sentAt()).isBefore(m.receivedAt());
            assertThat(m.receivedAt()).isBefore(NOW).isAfter(NOW.minus(Duration.ofDays(60)));
            assertThat(m.sentAt().getNano()).isZero();
            recent += m.receivedAt().isAfter(NOW.minus(Duration.ofDays(20))) ? 1 : 0;
        }
        assertThat(recent).isEqualTo(360);
        assertThat(corpus.messages()).isSortedAccordingTo((a, b) -> a.receivedAt().compareTo(b.receivedAt()));
    }

    @Test
    void subjectsRepeatAndSomeAreNotAscii() {
        List<String> subjects = corpus.messages().stream().map(GeneratedMessage::subject).toList();
        assertThat(subjects.stream().distinct().count()).isLessThan(subjects.size());
        long nonAscii = subjects.stream().filter(s -> !StandardCharsets.US_ASCII.newEncoder().canEncode(s)).count();
        assertThat(nonAscii).isBetween(subjects.size() / 20L, subjects.size() / 4L);
        assertThat(corpus.messages()).extracting(GeneratedMessage::messageId).doesNotHaveDuplicates();
    }

    /** Reads every copy back and compares what a reader finds with the recorded truth. */
    @Test
    void everyCopyReadsBackAsRecorded() throws Exception {
        for (GeneratedMessage m : corpus.messages()) {
            for (Copy copy : m.copies()) {
                byte[] raw = Files.readAllBytes(copy.file());
                checkFileName(m, copy, raw.length);
                Part message = MailReader.parse(raw);
                checkHeaders(m, copy, message.headers());
                checkBody(m, message);
            }
        }
    }

    @Test
    void copiesDifferOnlyInTheirTrace() throws IOException {
        GeneratedMessage m = corpus.messages().stream().filter(x -> x.copies().size() > 2).findFirst().orElseThrow();
        List<String> tails = new ArrayList<>();
        for (Copy copy : m.copies()) {
            String text = Files.readString(copy.file());
            tails.add(text.substring(text.indexOf("\n", text.lastIndexOf("\tfor <")) + 1));
        }
        assertThat(tails).containsOnly(tails.get(0));
    }

    private static void checkFileName(GeneratedMessage m, Copy copy, int size) {
        String name = copy.file().getFileName().toString();
        assertThat(copy.file()).startsWith(corpus.maildir(copy.mailbox()).resolve(copy.folder()));
        assertThat(name).startsWith(m.receivedAt().getEpochSecond() + ".M").contains(",S=" + size);
        String sub = copy.file().getParent().getFileName().toString();
        assertThat(sub).isIn("cur", "new");
        assertThat(name.contains(":2,")).isEqualTo(sub.equals("cur"));
    }

    private static void checkHeaders(GeneratedMessage m, Copy copy, MailReader.Headers h) {
        assertThat(h.first("delivered-to")).isEqualTo(copy.mailbox());
        assertThat(h.first("x-original-to")).isEqualTo(copy.mailbox());
        assertThat(h.first("return-path")).isEqualTo("<" + m.envelopeFrom() + ">");
        assertThat(h.first("message-id")).isEqualTo("<" + m.messageId() + ">");
        assertThat(h.first("mime-version")).isEqualTo("1.0");
        assertThat(MailReader.decodeWords(h.first("subject"))).isEqualTo(m.subject());
        String[] from = MailReader.mailbox(h.first("from"));
        assertThat(from).containsExactly(m.fromName(), m.from());
        String to = h.first("to");
        if (to.equals("undisclosed-recipients:;")) {
            assertThat(m.to()).isEmpty();
        } else {
            List<String[]> parsed = MailReader.addressList(to).stream().map(MailReader::mailbox).toList();
            assertThat(parsed).extracting(p -> p[1]).isEqualTo(m.to());
            assertThat(parsed).extracting(p -> p[0]).isEqualTo(m.toNames());
        }
        List<String> cc = h.first("cc") == null ? List.of()
                : MailReader.addressList(h.first("cc")).stream().map(a -> MailReader.mailbox(a)[1]).toList();
        assertThat(cc).isEqualTo(m.cc());
        assertThat(date(h.first("date"))).isEqualTo(m.sentAt());

        List<String> received = h.all("received");
        assertThat(date(received.get(0))).isEqualTo(m.receivedAt());
        List<String> ips = received.stream().map(CorpusGeneratorTest::connectingIp)
                .filter(ip -> !ip.equals("127.0.0.1")).toList();
        assertThat(ips.get(0)).isEqualTo(m.heloIp());
        assertThat(ips.size() > 1 ? ips.get(1) : null).isEqualTo(m.previousHopIp());
        if (m.previousHopIp() != null) {
            assertThat(date(received.get(received.size() - 1))).isStrictlyBetween(m.sentAt(), m.receivedAt());
        }
        String originating = h.first("x-originating-ip");
        assertThat(originating == null ? null : originating.replaceAll("[\\[\\]]", "")).isEqualTo(m.originatingIp());
        String auth = h.first("authentication-results");
        assertThat(auth).contains("spf=" + m.spf() + " ", "dkim=" + m.dkim() + " ", "dmarc=" + m.dmarc() + " ");
        assertThat(disposition(h)).isEqualTo(m.disposition());
        assertThat(threats(h)).isEqualTo(m.threatCategories());
    }

    private static void checkBody(GeneratedMessage m, Part message) throws Exception {
        Set<String> hosts = new LinkedHashSet<>();
        List<Attachment> attachments = new ArrayList<>();
        for (Part part : MailReader.leaves(message)) {
            String disposition = part.headers().first("content-disposition");
            if (disposition != null && disposition.startsWith("attachment")) {
                String name = MailReader.parameters(disposition).get("filename");
                String typeName = MailReader.decodeWords(MailReader.parameters(part.headers().first("content-type")).get("name"));
                assertThat(typeName).isEqualTo(name);
                byte[] sha = MessageDigest.getInstance("SHA-256").digest(part.body());
                attachments.add(new Attachment(name, HexFormat.of().formatHex(sha)));
            } else if (part.type().equals("text/plain") || part.type().equals("text/html")) {
                Matcher url = URL_HOST.matcher(new String(part.body(), StandardCharsets.UTF_8));
                while (url.find()) {
                    hosts.add(url.group(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        assertThat(hosts).containsExactlyInAnyOrderElementsOf(m.linkDomains());
        assertThat(attachments).isEqualTo(m.attachments());
    }

    /** The importer's rules, restated from the brief rather than taken from {@link Verdict}. */
    private static String disposition(MailReader.Headers h) {
        if (h.first("x-dragnet-disposition") != null) {
            return h.first("x-dragnet-disposition");
        }
        String action = h.first("x-rspamd-action");
        if (action != null) {
            return Map.of("reject", "MALICIOUS", "soft reject", "SUSPICIOUS", "greylist", "SUSPICIOUS",
                    "add header", "SPAM", "rewrite subject", "SPAM", "no action", "NONE").get(action);
        }
        String status = h.first("x-spam-status");
        if (status != null) {
            if (!status.startsWith("Yes")) {
                return "NONE";
            }
            for (String test : tests(status)) {
                if (test.matches(".*PHISH.*")) {
                    return "MALICIOUS";
                }
                if (test.matches(".*(SPOOF|FORGED).*")) {
                    return "SPOOF";
                }
                if (test.matches(".*(BULK|NEWSLETTER).*")) {
                    return "BULK";
                }
            }
            return "SPAM";
        }
        return "YES".equals(h.first("x-spam-flag")) ? "SPAM" : "NONE";
    }

    private static List<String> threats(MailReader.Headers h) {
        List<String> out = new ArrayList<>();
        String status = h.first("x-spam-status");
        if (status != null && status.startsWith("Yes")) {
            out.addAll(tests(status));
        }
        out.addAll(h.all("x-dragnet-threat"));
        return out;
    }

    private static List<String> tests(String status) {
        String list = status.substring(status.indexOf("tests=") + 6).split(" ")[0];
        return Arrays.stream(list.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    }

    private static String connectingIp(String received) {
        Matcher m = BRACKETED_IP.matcher(received);
        assertThat(m.find()).as(received).isTrue();
        return m.group(2);
    }

    private static Instant date(String value) {
        String date = value.substring(value.lastIndexOf(';') + 1).replace("(UTC)", "").trim();
        return OffsetDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }

    private static Set<String> folders(List<GeneratedMessage> messages) {
        return messages.stream().flatMap(m -> m.copies().stream()).map(Copy::folder).collect(Collectors.toSet());
    }

    private static String domain(String address) {
        return address.substring(address.indexOf('@') + 1);
    }

    /** Every file under root, by relative path, with its bytes as hex (directories as empty). */
    private static Map<String, String> tree(Path root) throws IOException {
        Function<Path, String> content = p -> {
            try {
                return Files.isDirectory(p) ? "" : HexFormat.of().formatHex(Files.readAllBytes(p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.collect(Collectors.toMap(p -> root.relativize(p).toString(), content));
        }
    }
}
