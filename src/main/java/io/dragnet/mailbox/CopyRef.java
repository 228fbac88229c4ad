package io.dragnet.mailbox;

import java.util.Objects;

/**
 * One stored copy a connector is asked to act on, as the index recorded it.
 *
 * @param id       the caller's id for the copy (a job row), echoed in its outcome
 * @param folder   the folder the index found it in ({@code ""} is the inbox)
 * @param location the connector's handle on the copy: for Maildir, the file's base name
 * @param messageId the message's Message-ID without angle brackets, or null if it has none: how a
 *                  connector that cannot address the file (IMAP) finds the copy
 */
public record CopyRef(String id, String folder, String location, String messageId) {
    public CopyRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(location, "location");
    }
}
