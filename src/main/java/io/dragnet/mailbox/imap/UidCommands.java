package io.dragnet.mailbox.imap;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.eclipse.angus.mail.imap.protocol.UIDSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The UID commands the connector sends, on the connection of one session, in its selected
 * folder. Everything is addressed by UID, never by sequence number, and nothing is expunged
 * except the UIDs named: a plain EXPUNGE would also remove messages someone else marked deleted.
 */
final class UidCommands {
    /** Message-IDs per UID SEARCH: the OR chain grows with each, and servers limit a command's depth. */
    private static final int IDS_PER_SEARCH = 50;

    private final IMAPProtocol protocol;

    UidCommands(IMAPProtocol protocol) {
        this.protocol = protocol;
    }

    /** Selects a folder for changes; false when it does not exist. */
    boolean select(String folder) throws ProtocolException {
        try {
            protocol.select(folder);
            return true;
        } catch (org.eclipse.angus.mail.iap.CommandFailedException e) {
            return false;
        }
    }

    /**
     * The UIDs in the selected folder of the messages whose Message-ID is exactly one of these.
     * {@code SEARCH HEADER} matches substrings, so the candidates' Message-ID headers are fetched
     * and compared whole.
     */
    Map<String, List<Long>> find(List<String> messageIds) throws ProtocolException, MessagingException {
        TreeSet<Long> candidates = new TreeSet<>();
        for (int from = 0; from < messageIds.size(); from += IDS_PER_SEARCH) {
            candidates.addAll(search(messageIds.subList(from, Math.min(messageIds.size(), from + IDS_PER_SEARCH))));
        }
        Map<String, List<Long>> found = new HashMap<>();
        if (candidates.isEmpty()) {
            return found;
        }
        Response[] responses = run("UID FETCH " + uidSet(candidates) + " (UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])", null);
        for (Response response : responses) {
            if (response instanceof FetchResponse fetch) {
                UID uid = fetch.getItem(UID.class);
                BODY body = fetch.getItem(BODY.class);
                if (uid != null && body != null) {
                    String header = new InternetHeaders(body.getByteArrayInputStream()).getHeader("Message-ID", null);
                    String id = header == null ? null : stripBrackets(header);
                    if (id != null && messageIds.contains(id)) {
                        found.computeIfAbsent(id, k -> new ArrayList<>()).add(uid.uid);
                    }
                }
            }
        }
        return found;
    }

    private List<Long> search(List<String> messageIds) throws ProtocolException {
        Argument args = new Argument();
        for (int i = 0; i < messageIds.size(); i++) {
            if (i < messageIds.size() - 1) {
                args.writeAtom("OR");
            }
            args.writeAtom("HEADER");
            args.writeString("Message-ID");
            args.writeString(messageIds.get(i));
        }
        List<Long> uids = new ArrayList<>();
        for (Response response : run("UID SEARCH", args)) {
            if (response instanceof IMAPResponse untagged && untagged.keyEquals("SEARCH")) {
                String number;
                while ((number = untagged.readAtom()) != null && !number.isEmpty()) {
                    uids.add(Long.parseLong(number));
                }
            }
        }
        return uids;
    }

    /** RFC 6851: one atomic command for all of them. */
    void move(List<Long> uids, String destination) throws ProtocolException {
        run("UID MOVE " + uidSet(uids), mailbox(destination));
    }

    /** Without MOVE: copy, flag, and expunge exactly these UIDs (UIDPLUS). */
    void copyAndExpunge(List<Long> uids, String destination) throws ProtocolException {
        run("UID COPY " + uidSet(uids), mailbox(destination));
        expunge(uids);
    }

    /** Flags these UIDs deleted and expunges exactly them (UIDPLUS). */
    void expunge(List<Long> uids) throws ProtocolException {
        run("UID STORE " + uidSet(uids) + " +FLAGS.SILENT (\\Deleted)", null);
        run("UID EXPUNGE " + uidSet(uids), null);
    }

    private Response[] run(String command, Argument args) throws ProtocolException {
        Response[] responses = protocol.command(command, args);
        protocol.notifyResponseHandlers(responses);
        protocol.handleResult(responses[responses.length - 1]);
        return responses;
    }

    private static Argument mailbox(String name) {
        return new Argument().writeString(BASE64MailboxEncoder.encode(name));
    }

    private static String uidSet(java.util.Collection<Long> uids) {
        return UIDSet.toString(UIDSet.createUIDSets(uids.stream().mapToLong(Long::longValue).sorted().distinct().toArray()));
    }

    static String stripBrackets(String messageId) {
        String id = messageId.strip();
        if (id.startsWith("<") && id.endsWith(">")) {
            id = id.substring(1, id.length() - 1).strip();
        }
        return id;
    }
}
