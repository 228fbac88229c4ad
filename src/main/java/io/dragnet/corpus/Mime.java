package io.dragnet.corpus;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The encodings of RFC 2045/2047/2231/5322 the corpus writes. Written by hand rather than taken
 * from a mail library because the corpus must not depend on the code it is meant to test, and
 * because the choices (split points, fold points) are part of the deterministic output.
 */
final class Mime {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
            "Nov", "Dec"};
    /** An encoded-word may be 75 characters; "=?UTF-8?X?" and "?=" take 12 of them. */
    private static final int WORD_PAYLOAD = 63;
    private static final int LINE = 78;

    private Mime() {
    }

    /** RFC 5322 date-time; a UTC time carries Postfix's "(UTC)" comment when asked. */
    static String date(long epochSecond, int offsetSeconds, boolean utcComment) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.ofTotalSeconds(offsetSeconds));
        StringBuilder sb = new StringBuilder(40);
        sb.append(DAYS[t.getDayOfWeek().ordinal()]).append(", ").append(t.getDayOfMonth()).append(' ')
                .append(MONTHS[t.getMonthValue() - 1]).append(' ').append(t.getYear()).append(' ');
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond()).append(' ');
        int abs = Math.abs(offsetSeconds);
        sb.append(offsetSeconds < 0 ? '-' : '+');
        two(sb, abs / 3600);
        two(sb, abs / 60 % 60);
        if (offsetSeconds == 0 && utcComment) {
            sb.append(" (UTC)");
        }
        return sb.toString();
    }

    private static StringBuilder two(StringBuilder sb, int value) {
        return sb.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * RFC 2047 encoded-words for {@code text}, split between characters so that no word exceeds 75
     * characters. A decoder joins adjacent words and drops the whitespace between them.
     */
    static List<String> encodedWords(String text, boolean base64) {
        List<String> words = new ArrayList<>();
        StringBuilder payload = new StringBuilder();
        byte[] chunk = new byte[128];
        int chunkLength = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            i += Character.charCount(cp);
            int cost = base64 ? 4 * ((chunkLength + bytes.length + 2) / 3) : payload.length() + qLength(bytes);
            if (cost > WORD_PAYLOAD && (chunkLength > 0 || payload.length() > 0)) {
                words.add(word(base64, payload, chunk, chunkLength));
                payload.setLength(0);
                chunkLength = 0;
            }
            if (base64) {
                System.arraycopy(bytes, 0, chunk, chunkLength, bytes.length);
                chunkLength += bytes.length;
            } else {
                qEncode(bytes, payload);
            }
        }
        if (chunkLength > 0 || payload.length() > 0) {
            words.add(word(base64, payload, chunk, chunkLength));
        }
        return words;
    }

    private static String word(boolean base64, StringBuilder payload, byte[] chunk, int chunkLength) {
        if (base64) {
            byte[] bytes = Arrays.copyOf(chunk, chunkLength);
            return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(bytes) + "?=";
        }
        return "=?UTF-8?Q?" + payload + "?=";
    }

    /** Q encoding with the narrow character set RFC 2047 allows in a phrase, so it is safe everywhere. */
    private static void qEncode(byte[] bytes, StringBuilder out) {
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c == ' ') {
                out.append('_');
            } else if (qSafe(c)) {
                out.append((char) c);
            } else {
                out.append('=').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
    }

    private static int qLength(byte[] bytes) {
        int n = 0;
        for (byte b : bytes) {
            int c = b & 0xFF;
            n += c == ' ' || qSafe(c) ? 1 : 3;
        }
        return n;
    }

    private static boolean qSafe(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '!' || c == '*' || c == '+' || c == '-' || c == '/';
    }

    /** A display name as a phrase: an atom sequence, a quoted string, or encoded-words. */
    static String phrase(String name, boolean base64) {
        if (!isAscii(name)) {
            return String.join(" ", encodedWords(name, base64));
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == ' ' || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0)) {
                return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
            }
        }
        return name;
    }

    /** {@code Name <address>}, or the bare address when there is no name. */
    static String mailbox(String name, String address, boolean base64) {
        return name == null ? address : phrase(name, base64) + " <" + address + ">";
    }

    /**
     * Appends {@code Name: token sep token …}, folding before a token when the line would pass 78
     * characters. The fold keeps the separator's whitespace, so unfolding gives back the joined text.
     */
    static void header(StringBuilder out, String name, List<String> tokens, String separator) {
        String trimmed = separator.stripTrailing();
        int lineStart = out.length();
        out.append(name).append(": ");
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (i > 0) {
                if (out.length() - lineStart + separator.length() + token.length() > LINE) {
                    out.append(trimmed).append("\n ");
                    lineStart = out.length() - 1;
                } else {
                    out.append(separator);
                }
            }
            out.append(token);
        }
        out.append('\n');
    }

    /** Quoted-printable of UTF-8 text with LF line ends; soft breaks keep lines at 76 characters. */
    static void quotedPrintable(String text, StringBuilder out) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int column = 0;
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xFF;
            if (c == '\n') {
                out.append('\n');
                column = 0;
                continue;
            }
            boolean lineEnd = i + 1 == bytes.length || bytes[i + 1] == '\n';
            boolean literal = c >= 33 && c <= 126 && c != '=' || (c == ' ' || c == '\t') && !lineEnd;
            int width = literal ? 1 : 3;
            if (column + width > 75) {
                out.append("=\n");
                column = 0;
            }
            if (literal) {
                out.append((char) c);
            } else {
                out.append('=').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
            column += width;
        }
    }

    /** Base64 in 76-character lines, each ended by LF. */
    static void base64(byte[] data, StringBuilder out) {
        String encoded = Base64.getEncoder().encodeToString(data);
        for (int i = 0; i < encoded.length(); i += 76) {
            out.append(encoded, i, Math.min(encoded.length(), i + 76)).append('\n');
        }
    }

    /**
     * A file-name parameter: quoted when ASCII, else RFC 2231 {@code filename*=UTF-8''…} with
     * continuations ({@code filename*0*=}, {@code filename*1*=}) when long. Splits fall between
     * characters, since some decoders decode each section alone.
     */
    static String fileNameParameter(String attribute, String value) {
        if (isAscii(value)) {
            return attribute + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        List<String> sections = new ArrayList<>();
        StringBuilder section = new StringBuilder();
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            String encoded = percentEncode(new String(Character.toChars(cp)));
            if (section.length() + encoded.length() > 50 && section.length() > 0) {
                sections.add(section.toString());
                section.setLength(0);
            }
            section.append(encoded);
        }
        sections.add(section.toString());
        if (sections.size() == 1) {
            return attribute + "*=UTF-8''" + sections.get(0);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sections.size(); i++) {
            out.append(i == 0 ? "" : ";\n\t").append(attribute).append('*').append(i).append("*=")
                    .append(i == 0 ? "UTF-8''" : "").append(sections.get(i));
        }
        return out.toString();
    }

    private static String percentEncode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return out.toString();
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = Character.toLowerCase(HEX[(bytes[i] >> 4) & 15]);
            out[2 * i + 1] = Character.toLowerCase(HEX[bytes[i] & 15]);
        }
        return new String(out);
    }
}
