package io.dragnet.mailbox.imap;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the IMAP server of one mail domain and act in its users' mailboxes.
 *
 * @param usernameFormat how a mailbox becomes the user to act as: {@code {address}}, {@code {user}}
 *                       and {@code {domain}} are replaced
 * @param useMove        UID MOVE when the server offers it; false always copies, flags and UID-expunges
 * @param maxConnections connections to this server at most, across all of its mailboxes
 * @param timeout        for connecting and for every read and write
 */
public record ImapServer(String host, int port, Security security, boolean checkCertificates, ImapLogin login,
                         String usernameFormat, FolderNames folders, boolean createFolders, boolean useMove,
                         int maxConnections, Duration timeout) {

    /** How the connection is protected. */
    public enum Security {
        /** TLS from the first byte (IMAPS, port 993). */
        TLS,
        /** Plain connection upgraded with STARTTLS, which is required (port 143). */
        STARTTLS,
        /** No TLS at all: for a server on the same host or in tests. */
        NONE
    }

    /**
     * The folder names to use where the server marks none with SPECIAL-USE (RFC 6154), and the two
     * folders no standard names: the quarantine RELEASE takes mail out of, and the recoverable
     * folder for RecoverableItemsDeletions, which Dragnet creates unsubscribed so mail clients
     * that show subscribed folders (nearly all) do not show it.
     */
    public record FolderNames(String junk, String trash, String quarantine, String recoverable) {
        public static final FolderNames DEFAULT = new FolderNames("Junk", "Trash", "Quarantine", "Dragnet-Recoverable");

        public FolderNames {
            Objects.requireNonNull(junk, "junk");
            Objects.requireNonNull(trash, "trash");
            Objects.requireNonNull(quarantine, "quarantine");
            Objects.requireNonNull(recoverable, "recoverable");
        }
    }

    public ImapServer {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(usernameFormat, "usernameFormat");
        Objects.requireNonNull(folders, "folders");
        Objects.requireNonNull(timeout, "timeout");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1 to 65535, not " + port);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
        }
    }

    /** The user whose mailbox {@code user@domain} is, as this server knows it. */
    public String mailboxUser(String user, String domain) {
        return usernameFormat.replace("{address}", user + "@" + domain).replace("{user}", user).replace("{domain}", domain);
    }

    public String describe() {
        return host + ":" + port;
    }
}
