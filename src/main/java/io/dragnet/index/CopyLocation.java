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
     * The key of the copy's place ({@code message_copies.copy_key}): account, store, mailbox, folder,
     * location and recipient. Every copy of an IMAP mailbox, mbox or .eml file is known by it, and so
     * is a Maildir copy whose {@link #nameKey name key} another copy of the mailbox holds.
     */
    public String placeKey(String accountId, String recipient) {
        return hash(accountId + "\n" + store + "\n" + mailbox + "\n" + folder + "\n" + location + "\n" + recipient);
    }

    /**
     * The key a Maildir copy takes first: its file's base name in its mailbox, whatever the folder.
     * A Maildir move keeps the base name, so the engine moves such a copy without changing its key,
     * and PostgreSQL updates the row in place, with no new index entry (a HOT update) — most of what
     * recording a move cost PostgreSQL before (bench/README.md). A second file of the same name in
     * another folder of the mailbox (a hard-linked copy) takes its {@link #placeKey place key}.
     * {@code null} for the other stores, whose locations change with the folder.
     */
    public String nameKey(String accountId, String recipient) {
        // a NUL where the folder would be: no folder's name holds one, so no place key equals a name key
        return store != Store.MAILDIR ? null
                : hash(accountId + "\n" + store + "\n" + mailbox + "\n\0\n" + location + "\n" + recipient);
    }

    private static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
