package io.dragnet.index;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One message as found on disk or fetched from a server, before parsing.
 *
 * @param owner            the mailbox owner ({@code user@domain}) when the layout says whose copy it is, else null
 * @param fallbackReceived when it arrived if no Received header says (a Maildir file name's timestamp), else null
 */
public record RawMail(String origin, Path file, byte[] bytes, CopyLocation location, String owner, Instant fallbackReceived) {
    public static RawMail ofFile(Path file, CopyLocation location, String owner, Instant fallbackReceived) {
        return new RawMail(file.toString(), file, null, location, owner, fallbackReceived);
    }

    public static RawMail ofBytes(String origin, byte[] bytes, CopyLocation location) {
        return new RawMail(origin, null, bytes, location, null, null);
    }

    /** A message fetched from a mailbox whose owner is known (over IMAP), with the server's arrival time. */
    public static RawMail ofMailbox(String origin, byte[] bytes, CopyLocation location, String owner, Instant arrived) {
        return new RawMail(origin, null, bytes, location, owner, arrived);
    }

    public InputStream open() throws IOException {
        return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
    }
}
