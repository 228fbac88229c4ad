package io.dragnet.index;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.ParserCursor;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.util.ByteSequence;
import org.apache.james.mime4j.util.ContentUtil;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What import needs from a part's own headers: whether it is an attachment, and its file name.
 * Read with mime4j's light raw-field parser, which splits a header into a value and parameters.
 */
record PartHeaders(String dispositionType, Map<String, String> dispositionParameters, Map<String, String> typeParameters) {

    static PartHeaders of(List<Field> fields) {
        String dispositionType = null;
        Map<String, String> disposition = Map.of();
        Map<String, String> type = Map.of();
        for (Field field : fields) {
            String name = field.getName().toLowerCase(Locale.ROOT);
            if (name.equals("content-disposition") || name.equals("content-type")) {
                ByteSequence raw = ContentUtil.encode(field.getBody());
                RawBody body = RawFieldParser.DEFAULT.parseRawBody(raw, new ParserCursor(0, raw.length()));
                Map<String, String> parameters = new LinkedHashMap<>();
                for (NameValuePair pair : body.getParams()) {
                    parameters.putIfAbsent(pair.getName().toLowerCase(Locale.ROOT), pair.getValue());
                }
                if (name.equals("content-disposition")) {
                    dispositionType = body.getValue();
                    disposition = parameters;
                } else {
                    type = parameters;
                }
            }
        }
        return new PartHeaders(dispositionType, disposition, type);
    }

    boolean isAttachment() {
        return "attachment".equalsIgnoreCase(dispositionType);
    }

    /** Content-Disposition's filename (RFC 2231 forms included), else Content-Type's name; RFC 2047 decoded. */
    String filename() {
        String name = dispositionParameters.get("filename");
        if (name == null) {
            name = Rfc2231.decode(dispositionParameters);
        }
        if (name == null) {
            name = typeParameters.get("name");
        }
        if (name == null) {
            name = Rfc2231.decode(renameStar(typeParameters));
        }
        return name == null || name.isBlank() ? null : DecoderUtil.decodeEncodedWords(name, DecodeMonitor.SILENT).strip();
    }

    /** Content-Type carries {@code name*=} where Content-Disposition carries {@code filename*=}. */
    private static Map<String, String> renameStar(Map<String, String> parameters) {
        Map<String, String> renamed = new LinkedHashMap<>();
        parameters.forEach((key, value) -> {
            if (key.startsWith("name*")) {
                renamed.put("file" + key, value);
            }
        });
        return renamed;
    }
}
