package io.dragnet.index;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.field.AddressListField;
import org.apache.james.mime4j.dom.field.MailboxListField;
import org.apache.james.mime4j.dom.field.ParsedField;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one message with Apache James mime4j's streaming parser: headers are decoded as they
 * come, bodies are hashed and scanned for links as they stream, so a 50 MB attachment costs a
 * digest, not 50 MB of heap.
 */
public final class MessageParser {
    /** Enough for a real header section; beyond it the file is not mail we can trust. */
    private static final int MAX_HEADER_BYTES = 1 << 20;
    /** Link extraction reads at most this much of each text part. */
    private static final int MAX_TEXT_SCAN = 2 << 20;
    private static final Pattern LINK_HOST = Pattern.compile("(?i)\\bhttps?://(?:[^/\\s\"'<>@]*@)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)");
    private static final Pattern AUTH_RESULT = Pattern.compile("(?i)\\b(spf|dkim|dmarc)=([a-z]+)");
    private static final Pattern FOLD = Pattern.compile("\r?\n[ \t]+");
    private static final Set<String> MAIL_HEADERS = Set.of("from", "date", "message-id", "received", "subject", "to");

    private final VerdictRules verdictRules;

    public MessageParser(VerdictRules verdictRules) {
        this.verdictRules = verdictRules;
    }

    public ParsedMessage parse(InputStream in) throws MailParseException, IOException {
        return ((Reading.Whole) parse(in, header -> true)).message();
    }

    /**
     * Reads a message, or, when its top-level header identifies it and {@code readBody} declines
     * it, only that header: the copies of one message in many mailboxes differ in nothing import
     * keeps but their delivery headers, so the parts, hashes and links of the first are theirs too.
     */
    public Reading parse(InputStream in, Predicate<Reading.Identifying> readBody) throws MailParseException, IOException {
        MimeConfig config = MimeConfig.custom()
                .setStrictParsing(false)
                .setMaxLineLen(-1)
                .setMaxHeaderCount(10_000)
                .setMaxHeaderLen(MAX_HEADER_BYTES)
                .setMaxContentLen(-1)
                .build();
        // the core descriptor builder: the dom module's builder runs a JavaCC parser per part header,
        // which profiling showed to be the largest single cost of an import
        MimeStreamParser parser = new MimeStreamParser(config);
        parser.setContentDecoding(true);
        Collector collector = new Collector(readBody);
        parser.setContentHandler(collector);
        try {
            parser.parse(in);
        } catch (HeaderEnough enough) {
            return new Reading.HeaderOnly(enough.header);
        } catch (MimeException e) {
            throw new MailParseException("unreadable MIME structure: " + e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new MailParseException("unreadable MIME structure: " + e.getMessage());
        }
        if (collector.headers.keySet().stream().noneMatch(MAIL_HEADERS::contains)) {
            throw new MailParseException("not an email message: no From, To, Date, Message-ID, Received or Subject header");
        }
        return new Reading.Whole(collector.result());
    }

    /** Stops mime4j at the end of the top-level header; thrown for that alone, so without a stack trace. */
    private static final class HeaderEnough extends RuntimeException {
        final transient Reading.Identifying header;

        HeaderEnough(Reading.Identifying header) {
            super(null, null, false, false);
            this.header = header;
        }
    }

    private final class Collector extends AbstractContentHandler {
        private final Predicate<Reading.Identifying> readBody;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private final Map<String, List<Field>> rawFields = new LinkedHashMap<>();
        private final Set<String> linkDomains = new LinkedHashSet<>();
        private final List<Attachment> attachments = new ArrayList<>();
        private final MessageDigest bodyDigest = sha256();
        /** The headers of the entity being read: the message's own first, then each part's. */
        private final List<Field> entityFields = new ArrayList<>();
        private boolean topLevel = true;
        private String messageId;
        private Address from;
        private Instant sentAt;

        Collector(Predicate<Reading.Identifying> readBody) {
            this.readBody = readBody;
        }

        @Override
        public void startHeader() {
            entityFields.clear();
        }

        @Override
        public void endHeader() {
            if (topLevel) {
                readIdentity();
                if (messageId != null) {
                    Reading.Identifying header = new Reading.Identifying(messageId, from, sentAt);
                    if (!readBody.test(header)) {
                        throw new HeaderEnough(header);
                    }
                }
            }
            topLevel = false;
        }

        @Override
        public void field(Field field) {
            entityFields.add(field);
            if (topLevel) {
                String name = field.getName().toLowerCase(Locale.ROOT);
                headers.computeIfAbsent(name, key -> new ArrayList<>()).add(unfold(field.getBody()));
                rawFields.computeIfAbsent(name, key -> new ArrayList<>()).add(field);
            }
        }

        @Override
        public void body(BodyDescriptor descriptor, InputStream stream) throws IOException {
            MessageDigest digest = sha256();
            DigestInputStream digesting = new DigestInputStream(stream, digest);
            String mimeType = descriptor.getMimeType().toLowerCase(Locale.ROOT);
            PartHeaders part = PartHeaders.of(entityFields);
            String filename = part.filename();
            boolean text = filename == null && (mimeType.equals("text/plain") || mimeType.equals("text/html"));
            long size;
            if (text) {
                byte[] head = digesting.readNBytes(MAX_TEXT_SCAN);
                size = head.length + digesting.transferTo(OutputSink.INSTANCE);
                scanLinks(new String(head, charset(descriptor.getCharset())));
            } else {
                size = digesting.transferTo(OutputSink.INSTANCE);
            }
            byte[] hash = digest.digest();
            bodyDigest.update(hash);
            if (filename != null || part.isAttachment()) {
                attachments.add(new Attachment(filename, HexFormat.of().formatHex(hash), size));
            }
        }

        /**
         * Tries the link pattern only where "http" starts, with the characters before it visible to
         * its word boundary: the same matches as a find() over the whole text, without stepping the
         * regex engine through every character of every body (a sixth of an import's parsing time).
         */
        private void scanLinks(String text) {
            Matcher matcher = LINK_HOST.matcher(text).useTransparentBounds(true);
            int last = text.length() - 4;
            for (int i = 0; i <= last && linkDomains.size() < 1000; i++) {
                if ((text.charAt(i) | 0x20) == 'h' && text.regionMatches(true, i, "http", 0, 4)
                        && matcher.region(i, text.length()).lookingAt()) {
                    linkDomains.add(matcher.group(1).toLowerCase(Locale.ROOT));
                    i = matcher.end() - 1;
                }
            }
        }

        /** What the top-level header says identifies the message, once it has been read. */
        private void readIdentity() {
            messageId = messageId(first("message-id"));
            from = firstMailbox("from");
            sentAt = MailDate.parse(first("date"));
        }

        ParsedMessage result() {
            if (topLevel) { // the file ended inside its header
                readIdentity();
            }
            ReceivedChain chain = ReceivedChain.of(headers.getOrDefault("received", List.of()), MailDate::parse);
            Map<String, String> auth = authenticationResults(first("authentication-results"));
            return new ParsedMessage(
                    messageId,
                    decodeUnstructured(first("subject")),
                    from,
                    envelopeAddress(first("return-path")),
                    firstAddressText("reply-to"),
                    addresses("to"),
                    addresses("cc"),
                    envelopeTo(),
                    sentAt,
                    chain.receivedAt(),
                    chain.heloIp(),
                    chain.previousHopIp(),
                    bracketless(first("x-originating-ip")),
                    auth.get("spf"),
                    auth.get("dkim"),
                    auth.get("dmarc"),
                    verdictRules.judge(headers),
                    blankToNull(first("x-dragnet-alert-id")),
                    linkDomains,
                    attachments,
                    HexFormat.of().formatHex(bodyDigest.digest()));
        }

        private String first(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        private Address firstMailbox(String name) {
            List<Address> all = addresses(name);
            return all.isEmpty() ? null : all.get(0);
        }

        private String firstAddressText(String name) {
            Address address = firstMailbox(name);
            return address == null ? null : address.address();
        }

        private List<Address> addresses(String name) {
            List<Address> result = new ArrayList<>();
            for (Field field : rawFields.getOrDefault(name, List.of())) {
                ParsedField parsed = LenientFieldParser.getParser().parse(field, DecodeMonitor.SILENT);
                List<Mailbox> mailboxes = new ArrayList<>();
                if (parsed instanceof MailboxListField list && list.getMailboxList() != null) {
                    mailboxes.addAll(list.getMailboxList());
                } else if (parsed instanceof AddressListField list && list.getAddressList() != null) {
                    mailboxes.addAll(list.getAddressList().flatten());
                }
                for (Mailbox mailbox : mailboxes) {
                    if (mailbox.getAddress() != null && mailbox.getAddress().contains("@")) {
                        result.add(new Address(mailbox.getAddress(), mailbox.getName()));
                    }
                }
            }
            return result;
        }

        private List<String> envelopeTo() {
            Set<String> result = new LinkedHashSet<>();
            for (String name : List.of("delivered-to", "x-original-to")) {
                for (String value : headers.getOrDefault(name, List.of())) {
                    String address = envelopeAddress(value);
                    if (address != null) {
                        result.add(address);
                    }
                }
            }
            return List.copyOf(result);
        }
    }

    private static String decodeUnstructured(String raw) {
        return raw == null ? null : DecoderUtil.decodeEncodedWords(raw, DecodeMonitor.SILENT).strip();
    }

    /** Message-IDs are compared without their angle brackets. */
    static String messageId(String raw) {
        if (raw == null) {
            return null;
        }
        String id = raw.strip();
        int open = id.indexOf('<');
        int close = id.indexOf('>', open + 1);
        if (open >= 0 && close > open) {
            id = id.substring(open + 1, close);
        }
        return id.isBlank() ? null : id.strip();
    }

    private static String envelopeAddress(String raw) {
        if (raw == null) {
            return null;
        }
        String address = raw.strip();
        if (address.startsWith("<") && address.endsWith(">")) {
            address = address.substring(1, address.length() - 1);
        }
        return address.contains("@") ? address.toLowerCase(Locale.ROOT) : null;
    }

    private static String bracketless(String raw) {
        if (raw == null) {
            return null;
        }
        String value = raw.strip();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        return blankToNull(value);
    }

    private static Map<String, String> authenticationResults(String header) {
        Map<String, String> result = new LinkedHashMap<>();
        if (header == null) {
            return result;
        }
        // tried only where a method's name can start, as in scanLinks: find() tests the pattern's
        // leading word boundary at every character of a header that is often hundreds long
        Matcher matcher = AUTH_RESULT.matcher(header).useTransparentBounds(true);
        for (int i = 0; i < header.length(); i++) {
            char c = (char) (header.charAt(i) | 0x20);
            if ((c == 's' || c == 'd') && matcher.region(i, header.length()).lookingAt()) {
                result.putIfAbsent(matcher.group(1).toLowerCase(Locale.ROOT), validation(matcher.group(2)));
                i = matcher.end() - 1;
            }
        }
        return result;
    }

    /** RFC 8601 results mapped onto the contract's five: pass, neutral, fail, error, none. */
    private static String validation(String result) {
        return switch (result.toLowerCase(Locale.ROOT)) {
            case "pass" -> "pass";
            case "fail", "softfail", "hardfail" -> "fail";
            case "neutral", "policy" -> "neutral";
            case "temperror", "permerror" -> "error";
            default -> "none";
        };
    }

    private static String unfold(String body) {
        // most header fields are one line: no matcher for them
        return body.indexOf('\n') < 0 ? body.strip() : FOLD.matcher(body).replaceAll(" ").strip();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static Charset charset(String name) {
        try {
            return name == null ? StandardCharsets.US_ASCII : Charset.forName(name);
        } catch (RuntimeException e) {
            return StandardCharsets.ISO_8859_1; // never fails to decode, and links are ASCII anyway
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
