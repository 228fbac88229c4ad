package io.dragnet.testing;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A plain IMAP client for setting up mailboxes and checking them afterwards, independent of the
 * connector under test: it appends messages with a given Message-ID and lists what each folder holds.
 */
public final class ImapClient implements AutoCloseable {
    private final Session session = Session.getInstance(new Properties());
    private final Store store;

    public ImapClient(String host, int port, String user, String password) throws MessagingException {
        store = session.getStore("imap");
        store.connect(host, port, user, password);
    }

    /** Appends a message to a folder, creating the folder if needed. */
    public ImapClient append(String folderName, String messageId, Flags.Flag... flags) throws MessagingException {
        existing(folderName).appendMessages(new Message[] {message(messageId, flags)});
        return this;
    }

    private MimeMessage message(String messageId, Flags.Flag... flags) throws MessagingException {
        return message(session, messageId, flags);
    }

    /** A small message with this Message-ID (Jakarta Mail would otherwise make one up). */
    public static MimeMessage message(Session session, String messageId, Flags.Flag... flags) throws MessagingException {
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress("phisher@bad.example"));
        message.setSubject("Message " + messageId);
        message.setText("Body of " + messageId);
        message.saveChanges();
        for (Flags.Flag flag : flags) {
            message.setFlag(flag, true);
        }
        return message;
    }

    public Folder existing(String folderName) throws MessagingException {
        Folder folder = store.getFolder(folderName);
        if (!folder.exists()) {
            folder.create(Folder.HOLDS_MESSAGES);
        }
        return folder;
    }

    /** The Message-IDs in a folder, as the headers say; empty if it does not exist. */
    public List<String> messageIds(String folderName) throws MessagingException {
        Folder folder = store.getFolder(folderName);
        List<String> ids = new ArrayList<>();
        if (!folder.exists()) {
            return ids;
        }
        folder.open(Folder.READ_ONLY);
        try {
            Message[] messages = folder.getMessages();
            FetchProfile headers = new FetchProfile();
            headers.add("Message-ID");
            folder.fetch(messages, headers);
            for (Message message : messages) {
                String[] header = message.getHeader("Message-ID");
                ids.add(header == null ? null : header[0]);
            }
        } finally {
            folder.close(false);
        }
        return ids;
    }

    public List<String> folders() throws MessagingException {
        List<String> names = new ArrayList<>();
        for (Folder folder : store.getDefaultFolder().list("*")) {
            names.add(folder.getFullName());
        }
        return names;
    }

    public boolean subscribed(String folderName) throws MessagingException {
        return store.getFolder(folderName).isSubscribed();
    }

    @Override
    public void close() throws MessagingException {
        store.close();
    }
}
