package io.dragnet.index;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Where one recipient's copy of a message is stored, so a connector can find it again.
 *
 * @param mailbox  Maildir and IMAP: {@code <domain>/<user>}; mbox and .eml: the file's path
 * @param folder   the Maildir++ folder ({@code ""} is the inbox, {@code .Junk}, …; an IMAP folder in the
 *                 same terms); {@code ""} for files
 * @param location Maildir: the file's unique base name (before {@code :2,}, which changes with flags); mbox:
 *                 the byte offset; IMAP: {@code <UIDVALIDITY>:<UID>}
 */
public record CopyLocation(Store store, String mailbox, String folder, String location) {
    public enum Store { MAILDIR, MBOX, EML, IMAP }

    public CopyLocation {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(mailbox, "mailbox");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(location, "location");
    }

    /**
     * The copy's identity in the index ({@code message_copies.copy_key}): re-importing a file finds
     * its copy by this key, and the engine gives a copy the key of the place it moved it to.
     */
    public String key(String accountId, String recipient) {
        String key = accountId + "\n" + store + "\n" + mailbox + "\n" + folder + "\n" + location + "\n" + recipient;
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
