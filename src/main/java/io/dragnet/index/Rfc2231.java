package io.dragnet.index;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * RFC 2231 parameter values ({@code filename*=UTF-8''Rechnung_M%C3%A4rz.zip}, continuations
 * {@code filename*0*=}, {@code filename*1*=}), for the cases mime4j's descriptor leaves encoded.
 */
final class Rfc2231 {
    private Rfc2231() {
    }

    /** The decoded {@code filename}, or null when no RFC 2231 form of it is present. */
    static String decode(Map<String, String> parameters) {
        if (parameters == null || parameters.isEmpty()) {
            return null;
        }
        String single = parameters.get("filename*");
        if (single != null) {
            return decodeExtended(single);
        }
        TreeMap<Integer, String> pieces = new TreeMap<>();
        boolean extended = false;
        for (Map.Entry<String, String> entry : parameters.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith("filename*")) {
                String index = key.substring("filename*".length());
                boolean piece = index.endsWith("*");
                extended |= piece;
                index = piece ? index.substring(0, index.length() - 1) : index;
                if (!index.isEmpty() && index.chars().allMatch(Character::isDigit)) {
                    pieces.put(Integer.parseInt(index), entry.getValue());
                }
            }
        }
        if (pieces.isEmpty()) {
            return null;
        }
        String joined = String.join("", pieces.values());
        return extended ? decodeExtended(joined) : joined;
    }

    private static String decodeExtended(String value) {
        int first = value.indexOf('\'');
        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        Charset charset = StandardCharsets.UTF_8;
        String encoded = value;
        if (second > first) {
            try {
                charset = Charset.forName(value.substring(0, first));
            } catch (RuntimeException e) {
                charset = StandardCharsets.UTF_8;
            }
            encoded = value.substring(second + 1);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length()
                    && Character.digit(encoded.charAt(i + 1), 16) >= 0 && Character.digit(encoded.charAt(i + 2), 16) >= 0) {
                bytes.write(Character.digit(encoded.charAt(i + 1), 16) * 16 + Character.digit(encoded.charAt(i + 2), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(charset);
    }
}
