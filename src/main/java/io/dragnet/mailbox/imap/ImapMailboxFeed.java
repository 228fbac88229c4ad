package io.dragnet.mailbox.imap;

import io.dragnet.index.CopyLocation;
import io.dragnet.index.MailFeed;
import io.dragnet.index.MailSource;
import io.dragnet.index.RawMail;
import jakarta.mail.MessagingException;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * Reads one user's mailbox over IMAP for import, folder by folder, without changing it (EXAMINE,
 * {@code BODY.PEEK}): each copy is recorded as {@code <domain>/<user>}, its folder in Maildir++
 * terms (so the quarantine and junk folders are recognised as in a Maildir tree), and its
 * {@code UIDVALIDITY:UID}, which the connector tries first when it acts on the copy.
 */
public final class ImapMailboxFeed implements MailFeed {
    /** Messages per UID FETCH: enough to keep the connection busy, few enough to hold in memory. */
    private static final int FETCH_CHUNK = 100;

    private final ImapConfig config;
    private final String user;
    private final String domain;
    private final Clock clock;

    public ImapMailboxFeed(ImapConfig config, String address, Clock clock) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new IllegalArgumentException("'" + address + "' is not a mailbox address (user@domain).");
        }
        this.config = config;
        this.user = address.substring(0, at).toLowerCase(Locale.ROOT);
        this.domain = address.substring(at + 1).toLowerCase(Locale.ROOT);
        this.clock = clock;
    }

    @Override
    public String origin() {
        return "imap:" + user + "@" + domain;
    }

    @Override
    public void read(MailSource.MailSink sink) throws IOException {
        ImapServer server = config.serverFor(domain);
        if (server == null) {
            throw new IOException("the IMAP configuration names no server for " + domain);
        }
        try (ImapSession session = ImapSession.open(server, user, domain, clock.instant())) {
            // what Dragnet moved to the recoverable folder was taken out of the mailbox: not mail to index again
            String recoverable = session.existing(server.folders().recoverable()).orElse(null);
            for (String folder : session.selectableFolders()) {
                if (!folder.equals(recoverable)) {
                    readFolder(session, folder, sink);
                }
            }
        } catch (MessagingException e) {
            throw new IOException(server.describe() + ": " + e.getMessage(), e);
        }
    }

    private void readFolder(ImapSession session, String folder, MailSource.MailSink sink) throws MessagingException {
        String mailbox = domain + "/" + user;
        String maildirFolder = session.toMaildir(folder);
        session.protocol(p -> {
            UidCommands commands = new UidCommands(p);
            long validity = commands.examine(folder);
            List<Long> uids = commands.all();
            for (int from = 0; from < uids.size(); from += FETCH_CHUNK) {
                for (UidCommands.Fetched message : commands.fetch(uids.subList(from, Math.min(uids.size(), from + FETCH_CHUNK)))) {
                    CopyLocation location = new CopyLocation(CopyLocation.Store.IMAP, mailbox, maildirFolder, validity + ":" + message.uid());
                    sink.accept(RawMail.ofMailbox("imap:" + user + "@" + domain + "/" + folder + ";UID=" + message.uid(),
                            message.bytes(), location, user + "@" + domain, message.arrived()));
                }
            }
            return null;
        });
    }
}
