package io.dragnet.mailbox.imap;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.ListInfo;
import org.eclipse.angus.mail.imap.protocol.Namespaces;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * One logged-in IMAP connection acting in one user's mailbox, with what it learned about the
 * server (MOVE, UIDPLUS) and the mailbox's folders (names, separator, SPECIAL-USE attributes).
 * Used by one thread at a time: {@link ImapSessions} lends it out.
 */
final class ImapSession implements AutoCloseable {
    private final IMAPStore store;
    private final String address;
    private final boolean move;
    private final boolean uidPlus;
    private final String prefix;
    private final Map<String, String[]> folders = new LinkedHashMap<>();
    private char separator;
    private Instant lastUsed;
    private boolean fileNameSearch = true;

    private ImapSession(IMAPStore store, String address, boolean useMove, Instant now) throws MessagingException {
        this.store = store;
        this.address = address;
        this.move = useMove && store.hasCapability("MOVE");
        this.uidPlus = store.hasCapability("UIDPLUS");
        String personal = "";
        if (store.hasCapability("NAMESPACE")) {
            Namespaces namespaces = (Namespaces) protocol(p -> p.namespace());
            if (namespaces != null && namespaces.personal != null && namespaces.personal.length > 0) {
                personal = namespaces.personal[0].prefix;
            }
        }
        this.prefix = personal;
        this.lastUsed = now;
        refreshFolders();
    }

    /**
     * Connects and logs in as the server's configuration says.
     *
     * @throws MissingCredentialsException when the credentials file has no entry for the mailbox
     * @throws MessagingException          for a refused login ({@code AuthenticationFailedException}) or an unreachable server
     */
    static ImapSession open(ImapServer server, String user, String domain, Instant now) throws MessagingException {
        return open(server, user, domain, now, authorizationId -> mailSession(server, authorizationId));
    }

    /**
     * As {@link #open(ImapServer, String, String, Instant)}, with the Jakarta Mail session for an
     * authorization identity (null for none) from {@code mailSessions}. Creating one reads the mail
     * providers from every jar on the class path, a third of a login's time, so a pool reuses them.
     */
    static ImapSession open(ImapServer server, String user, String domain, Instant now, Function<String, Session> mailSessions)
            throws MessagingException {
        String address = user + "@" + domain;
        ImapLogin.Credentials credentials = server.login().credentials(server.mailboxUser(user, domain), address)
                .orElseThrow(() -> new MissingCredentialsException("The credentials file has no password for " + address + "."));
        IMAPStore store = (IMAPStore) mailSessions.apply(credentials.authorizationId()).getStore(protocol(server));
        store.connect(server.host(), server.port(), credentials.user(), credentials.password());
        try {
            return new ImapSession(store, address, server.useMove(), now);
        } catch (MessagingException | RuntimeException e) {
            closeQuietly(store);
            throw e;
        }
    }

    static String protocol(ImapServer server) {
        return server.security() == ImapServer.Security.TLS ? "imaps" : "imap";
    }

    /** The connection settings of a server, and the SASL authorization identity to act as, if any. */
    static Session mailSession(ImapServer server, String authorizationId) {
        String protocol = protocol(server);
        Properties props = new Properties();
        String timeout = Long.toString(server.timeout().toMillis());
        props.setProperty("mail." + protocol + ".connectiontimeout", timeout);
        props.setProperty("mail." + protocol + ".timeout", timeout);
        props.setProperty("mail." + protocol + ".writetimeout", timeout);
        if (server.security() == ImapServer.Security.STARTTLS) {
            props.setProperty("mail.imap.starttls.enable", "true");
            props.setProperty("mail.imap.starttls.required", "true");
        }
        if (server.security() != ImapServer.Security.NONE) {
            props.setProperty("mail." + protocol + ".ssl.checkserveridentity", Boolean.toString(server.checkCertificates()));
            if (!server.checkCertificates()) {
                props.setProperty("mail." + protocol + ".ssl.trust", "*");
            }
        }
        if (authorizationId != null) {
            props.setProperty("mail." + protocol + ".sasl.enable", "true");
            props.setProperty("mail." + protocol + ".sasl.mechanisms", "PLAIN");
            props.setProperty("mail." + protocol + ".sasl.authorizationid", authorizationId);
        }
        return Session.getInstance(props);
    }

    /** A login Dragnet cannot even attempt, for want of a password. */
    static final class MissingCredentialsException extends MessagingException {
        MissingCredentialsException(String message) {
            super(message);
        }
    }

    String address() {
        return address;
    }

    boolean connected() {
        return store.isConnected();
    }

    boolean canMove() {
        return move;
    }

    boolean hasUidPlus() {
        return uidPlus;
    }

    /** Whether the server may know Maildir file names (Dovecot's X-GUID); false once it said it does not. */
    boolean fileNameSearch() {
        return fileNameSearch;
    }

    void noFileNameSearch() {
        fileNameSearch = false;
    }

    Instant lastUsed() {
        return lastUsed;
    }

    void used(Instant now) {
        lastUsed = now;
    }

    /** Runs protocol commands on this session's connection. */
    Object protocol(IMAPFolder.ProtocolCommand command) throws MessagingException {
        return folder("INBOX").doCommand(command);
    }

    IMAPFolder folder(String name) throws MessagingException {
        return (IMAPFolder) store.getFolder(name);
    }

    /** The folder the server marks with a SPECIAL-USE attribute such as {@code \Junk}. */
    Optional<String> specialUse(String attribute) {
        return folders.entrySet().stream()
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(attribute::equalsIgnoreCase))
                .map(Map.Entry::getKey).findFirst();
    }

    /** The folders that can hold messages, as LIST gave them. */
    List<String> selectableFolders() {
        return folders.entrySet().stream()
                .filter(e -> Arrays.stream(e.getValue()).noneMatch(a -> a.equalsIgnoreCase("\\Noselect") || a.equalsIgnoreCase("\\NonExistent")))
                .map(Map.Entry::getKey).toList();
    }

    /** The existing folder a configured name refers to: as written, or under the personal namespace. */
    Optional<String> existing(String name) {
        if (name.equalsIgnoreCase("INBOX")) {
            return Optional.of("INBOX");
        }
        for (String candidate : new String[] {name, prefix + name}) {
            Optional<String> found = folders.keySet().stream().filter(candidate::equals).findFirst();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Creates a folder under the personal namespace; subscribed only if mail clients should show it. */
    String create(String name, boolean subscribe) throws MessagingException {
        String full = name.startsWith(prefix) ? name : prefix + name;
        IMAPFolder folder = folder(full);
        if (!folder.exists() && !folder.create(Folder.HOLDS_MESSAGES)) {
            throw new MessagingException("The server would not create the folder " + full + ".");
        }
        folder.setSubscribed(subscribe);
        refreshFolders();
        return full;
    }

    /**
     * The IMAP name of a folder the index recorded in Maildir++ terms: {@code ""} is INBOX and
     * {@code .Junk} is Junk, as Dovecot names the folders of a Maildir++ tree.
     */
    String fromMaildir(String maildirFolder) {
        if (maildirFolder.isEmpty()) {
            return "INBOX";
        }
        String name = (maildirFolder.startsWith(".") ? maildirFolder.substring(1) : maildirFolder).replace('.', separator);
        return existing(name).orElse(prefix + name);
    }

    /** The Maildir++ name of an IMAP folder, the index's terms for where a copy is. */
    String toMaildir(String imapName) {
        if (imapName.equalsIgnoreCase("INBOX")) {
            return "";
        }
        String name = !prefix.isEmpty() && imapName.startsWith(prefix) ? imapName.substring(prefix.length()) : imapName;
        return "." + name.replace(separator, '.');
    }

    /** Lists every folder; the hierarchy separator comes with them, which saves asking for it apart. */
    private void refreshFolders() throws MessagingException {
        ListInfo[] list = (ListInfo[]) protocol(p -> p.list("", "*"));
        folders.clear();
        if (list != null) {
            for (ListInfo info : list) {
                folders.put(info.name, info.attrs == null ? new String[0] : info.attrs);
                if (info.separator != '\0') {
                    separator = info.separator;
                }
            }
        }
        if (separator == '\0') {
            separator = ((IMAPFolder) store.getDefaultFolder()).getSeparator();
        }
    }

    @Override
    public void close() {
        closeQuietly(store);
    }

    private static void closeQuietly(IMAPStore store) {
        try {
            store.close();
        } catch (MessagingException ignored) {
            // the connection is being thrown away; there is nothing left to tell the server
        }
    }
}
