package io.dragnet.index;

import java.util.Objects;

/**
 * Where one recipient's copy of a message is stored, so a connector can find it again.
 *
 * @param mailbox  Maildir: {@code <domain>/<user>} below the mail root; mbox and .eml: the file's path
 * @param folder   the Maildir++ folder ({@code ""} is the inbox, {@code .Junk}, …); {@code ""} for files
 * @param location Maildir: the file's unique base name (before {@code :2,}, which changes with flags); mbox: the byte offset
 */
public record CopyLocation(Store store, String mailbox, String folder, String location) {
    public enum Store { MAILDIR, MBOX, EML }

    public CopyLocation {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(mailbox, "mailbox");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(location, "location");
    }
}
