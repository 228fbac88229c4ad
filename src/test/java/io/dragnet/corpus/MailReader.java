package io.dragnet.corpus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of a mail parser to read the corpus back, written independently of the generator's
 * encoders so that the test checks them rather than repeats them.
 */
final class MailReader {
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?]+)\\?([BbQq])\\?([^?]*)\\?=");
    private static final Pattern BETWEEN_WORDS = Pattern.compile("(\\?=)\\s+(=\\?)");
    private static final Pattern PARAMETER = Pattern.compile(";\\s*([\\w*-]+)=(\"(?:[^\"\\\\]|\\\\.)*\"|[^;\\s]+)");

    /** A header block: names lowercased, values unfolded, in order. */
    record Headers(List<Map.Entry<String, String>> entries) {
        List<String> all(String name) {
            return entries.stream().filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue).toList();
        }

        String first(String name) {
            List<String> values = all(name);
            return values.isEmpty() ? null : values.get(0);
        }
    }

    record Part(Headers headers, byte[] body) {
        String type() {
            String value = headers.first("content-type");
            return value == null ? "text/plain" : value.split(";")[0].trim().toLowerCase(Locale.ROOT);
        }
    }

    private MailReader() {
    }

    static Part parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\n\n");
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        for (String line : text.substring(0, end).split("\n")) {
            if (line.startsWith(" ") || line.startsWith("\t")) {
                Map.Entry<String, String> last = entries.remove(entries.size() - 1);
                entries.add(Map.entry(last.getKey(), last.getValue() + line));
            } else {
                int colon = line.indexOf(':');
                entries.add(Map.entry(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).trim()));
            }
        }
        List<Map.Entry<String, String>> decoded = new ArrayList<>();
        for (Map.Entry<String, String> e : entries) {
            decoded.add(Map.entry(e.getKey(), new String(e.getValue().getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.UTF_8)));
        }
        byte[] body = text.substring(end + 2).getBytes(StandardCharsets.ISO_8859_1);
        return new Part(new Headers(decoded), body);
    }

    /** Leaf parts in order, bodies decoded from their transfer encoding. */
    static List<Part> leaves(Part part) {
        List<Part> out = new ArrayList<>();
        collect(part, out);
        return out;
    }

    private static void collect(Part part, List<Part> out) {
        if (part.type().startsWith("multipart/")) {
            String boundary = "--" + parameters(part.headers().first("content-type")).get("boundary");
            String body = new String(part.body(), StandardCharsets.ISO_8859_1);
            String[] pieces = body.split("(^|\n)" + Pattern.quote(boundary));
            for (int i = 1; i < pieces.length; i++) {
                if (pieces[i].startsWith("--")) {
                    break;
                }
                collect(parse(pieces[i].substring(1).getBytes(StandardCharsets.ISO_8859_1)), out);
            }
            return;
        }
        String encoding = String.valueOf(part.headers().first("content-transfer-encoding")).toLowerCase(Locale.ROOT);
        out.add(new Part(part.headers(), decodeBody(part.body(), encoding)));
    }

    private static byte[] decodeBody(byte[] body, String encoding) {
        switch (encoding) {
            case "base64":
                return Base64.getMimeDecoder().decode(body);
            case "quoted-printable":
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (int i = 0; i < body.length; i++) {
                    if (body[i] == '=' && i + 1 < body.length && body[i + 1] == '\n') {
                        i++;
                    } else if (body[i] == '=') {
                        out.write(Integer.parseInt(new String(body, i + 1, 2, StandardCharsets.US_ASCII), 16));
                        i += 2;
                    } else {
                        out.write(body[i]);
                    }
                }
                return out.toByteArray();
            default:
                return body;
        }
    }

    /** Parameters of a structured header, with RFC 2231 sections joined and decoded. */
    static Map<String, String> parameters(String value) {
        Map<String, String> plain = new LinkedHashMap<>();
        Map<Integer, String> sections = new TreeMap<>();
        String extendedName = null;
        Matcher m = PARAMETER.matcher(value);
        while (m.find()) {
            String name = m.group(1).toLowerCase(Locale.ROOT);
            String raw = m.group(2).startsWith("\"")
                    ? m.group(2).substring(1, m.group(2).length() - 1).replaceAll("\\\\(.)", "$1") : m.group(2);
            Matcher section = Pattern.compile("(.+?)\\*(\\d+)?\\*?$").matcher(name);
            if (name.contains("*") && section.matches()) {
                extendedName = section.group(1);
                sections.put(section.group(2) == null ? 0 : Integer.parseInt(section.group(2)), raw);
            } else {
                plain.put(name, raw);
            }
        }
        if (extendedName != null) {
            String joined = String.join("", sections.values());
            plain.put(extendedName, percentDecode(joined.substring(joined.indexOf("''") + 2)));
        }
        return plain;
    }

    private static String percentDecode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** RFC 2047: decodes encoded-words and drops whitespace between adjacent ones. */
    static String decodeWords(String value) {
        String joined = value;
        for (String previous = null; !joined.equals(previous); ) {
            previous = joined;
            joined = BETWEEN_WORDS.matcher(joined).replaceAll("$1$2");
        }
        Matcher m = ENCODED_WORD.matcher(joined);
        StringBuilder out = new StringBuilder();
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        int last = 0;
        Charset charset = StandardCharsets.UTF_8;
        while (m.find()) {
            if (m.start() != last) {
                out.append(pending.toString(charset));
                pending.reset();
                out.append(joined, last, m.start());
            }
            charset = Charset.forName(m.group(1));
            byte[] bytes = m.group(2).equalsIgnoreCase("B") ? Base64.getDecoder().decode(m.group(3))
                    : decodeBody(m.group(3).replace('_', ' ').getBytes(StandardCharsets.US_ASCII), "quoted-printable");
            pending.writeBytes(bytes);
            last = m.end();
        }
        out.append(pending.toString(charset)).append(joined.substring(last));
        return out.toString();
    }

    /** The display name and address of one mailbox like {@code Name <a@b>} or {@code a@b}. */
    static String[] mailbox(String value) {
        int lt = value.lastIndexOf('<');
        if (lt < 0) {
            return new String[]{null, value.trim().toLowerCase(Locale.ROOT)};
        }
        String name = value.substring(0, lt).trim();
        if (name.startsWith("\"")) {
            name = name.substring(1, name.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return new String[]{name.isEmpty() ? null : decodeWords(name),
                value.substring(lt + 1, value.indexOf('>', lt)).toLowerCase(Locale.ROOT)};
    }

    /** Splits an address list at commas outside quotes. */
    static List<String> addressList(String value) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(value.substring(start, i).trim());
                start = i + 1;
            }
        }
        out.add(value.substring(start).trim());
        return out;
    }
}
