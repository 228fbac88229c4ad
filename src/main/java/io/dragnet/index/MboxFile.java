package io.dragnet.index;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An mbox file, read as a stream of messages: one message is in memory at a time, whatever the
 * file's size. Handles mboxo and mboxrd quoting ({@code >From } lines lose one '>').
 *
 * <p>Written here rather than taken from mime4j's mbox iterator, which decodes the file to
 * characters in one charset and so would corrupt 8-bit messages before the parser sees them.
 */
public record MboxFile(Path file) implements MailSource {
    private static final byte[] FROM = "From ".getBytes(StandardCharsets.US_ASCII);

    static boolean looksLikeMbox(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(FROM.length), FROM);
        }
    }

    @Override
    public void read(MailSink sink) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(absolute), 1 << 16)) {
            ByteArrayOutputStream message = new ByteArrayOutputStream(1 << 14);
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            long offset = 0;
            long messageStart = -1;
            boolean previousBlank = true;
            int b;
            while (true) {
                line.reset();
                while ((b = in.read()) != -1) {
                    line.write(b);
                    if (b == '\n') {
                        break;
                    }
                }
                if (line.size() == 0) {
                    break;
                }
                byte[] bytes = line.toByteArray();
                if (previousBlank && startsWith(bytes, FROM)) {
                    emit(sink, absolute, message, messageStart);
                    messageStart = offset;
                } else if (messageStart >= 0) {
                    message.write(bytes, unquote(bytes), bytes.length - unquote(bytes));
                }
                previousBlank = bytes.length == 1 || (bytes.length == 2 && bytes[0] == '\r');
                offset += bytes.length;
            }
            emit(sink, absolute, message, messageStart);
        }
    }

    private static void emit(MailSink sink, Path file, ByteArrayOutputStream message, long start) {
        if (start < 0 || message.size() == 0) {
            return;
        }
        CopyLocation location = new CopyLocation(CopyLocation.Store.MBOX, file.toString(), "", Long.toString(start));
        sink.accept(RawMail.ofBytes(file + "@" + start, message.toByteArray(), location));
        message.reset();
    }

    /** How many bytes to skip: one '>' of a quoted ">From " (or ">>From ") line. */
    private static int unquote(byte[] line) {
        int i = 0;
        while (i < line.length && line[i] == '>') {
            i++;
        }
        if (i > 0 && line.length - i >= FROM.length && startsWith(Arrays.copyOfRange(line, i, i + FROM.length), FROM)) {
            return 1;
        }
        return 0;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
