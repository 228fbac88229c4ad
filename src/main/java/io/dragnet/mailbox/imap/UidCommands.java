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
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.eclipse.angus.mail.imap.protocol.UIDSet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The UID commands the connector sends, on the connection of one session, in its selected
 * folder. Everything is addressed by UID, never by sequence number, and nothing is expunged
 * except the UIDs named: a plain EXPUNGE would also remove messages someone else marked deleted.
 */
final class UidCommands {
    /** Most Message-IDs one UID SEARCH looks for: the OR chain grows with each, and servers limit a command's depth. */
    static final int IDS_PER_SEARCH = 50;
    /**
     * The longest file-name search sent. Only Dovecot answers X-GUID, and it takes a long OR chain
     * in its stride: one search for a folder's 300 names took a third of the time of six searches
     * of 50, each of which walks the folder's index (bench/README.md). What bounds it is the length
     * of a command line, 64 KB by Dovecot's default (imap_max_line_length); this stays well under.
     */
    static final int FILE_NAME_SEARCH_BYTES = 24 * 1024;
    /** What one name adds to a file-name search besides itself: {@code OR X-GUID "…" }. */
    static final int FILE_NAME_SEARCH_OVERHEAD = 14;
    private static final Pattern COPYUID = Pattern.compile("\\[COPYUID (\\d+) ([\\d:,]+) ([\\d:,]+)]", Pattern.CASE_INSENSITIVE);

    private final IMAPProtocol protocol;

    UidCommands(IMAPProtocol protocol) {
        this.protocol = protocol;
    }

    /** Selects a folder for changes; its UIDVALIDITY, or null when it does not exist. */
    Long select(String folder) throws ProtocolException {
        try {
            return protocol.select(folder).uidvalidity;
        } catch (org.eclipse.angus.mail.iap.CommandFailedException e) {
            return null;
        }
    }

    /** Selects a folder read-only, for import; its UIDVALIDITY. */
    long examine(String folder) throws ProtocolException {
        return protocol.examine(folder).uidvalidity;
    }

    /**
     * The UIDs of the messages stored in files with these Maildir base names, by Dovecot's
     * {@code X-GUID} search key (a Maildir message's GUID is its file's base name); null when the
     * server has no such key. Answered from Dovecot's index, without opening a message.
     */
    List<Long> searchFileNames(List<String> baseNames) throws ProtocolException {
        Argument args = anyOf(baseNames, (arg, name) -> arg.writeAtom("X-GUID").writeString(name));
        try {
            return searchResults(run("UID SEARCH", args));
        } catch (org.eclipse.angus.mail.iap.BadCommandException | org.eclipse.angus.mail.iap.CommandFailedException e) {
            return null;
        }
    }

    /** Every UID in the selected folder. */
    List<Long> all() throws ProtocolException {
        return searchResults(run("UID SEARCH ALL", null));
    }

    /** A whole message as the server keeps it. */
    record Fetched(long uid, byte[] bytes, Instant arrived) {
    }

    /** The whole messages with these UIDs, without marking them seen. */
    List<Fetched> fetch(List<Long> uids) throws ProtocolException {
        List<Fetched> messages = new ArrayList<>();
        for (Response response : run("UID FETCH " + uidSet(uids) + " (UID INTERNALDATE BODY.PEEK[])", null)) {
            if (response instanceof FetchResponse fetch) {
                UID uid = fetch.getItem(UID.class);
                BODY body = fetch.getItem(BODY.class);
                INTERNALDATE date = fetch.getItem(INTERNALDATE.class);
                if (uid != null && body != null) {
                    messages.add(new Fetched(uid.uid, body.getByteArray().getNewBytes(),
                            date == null || date.getDate() == null ? null : date.getDate().toInstant()));
                }
            }
        }
        return messages;
    }

    /**
     * The UIDs in the selected folder of the messages whose Message-ID is exactly one of these.
     * The UIDs the index recorded are checked first; the rest are searched for. {@code SEARCH
     * HEADER} matches substrings, so every candidate's Message-ID header is fetched and compared whole.
     */
    Map<String, List<Long>> find(List<String> messageIds, Collection<Long> recordedUids) throws ProtocolException, MessagingException {
        Map<String, List<Long>> found = matching(new TreeSet<>(recordedUids), messageIds);
        List<String> rest = messageIds.stream().filter(id -> !found.containsKey(id)).toList();
        TreeSet<Long> candidates = new TreeSet<>();
        if (rest.isEmpty()) {
            return found;
        } else if (rest.size() <= IDS_PER_SEARCH) {
            candidates.addAll(search(rest));
        } else {
            // Each SEARCH HEADER makes the server read the header of every message in the folder; past one
            // search, one fetch of every Message-ID reads each header once (on Dovecot it measured the same; bench/README.md)
            candidates.addAll(all());
        }
        candidates.removeAll(recordedUids);
        matching(candidates, rest).forEach((id, uids) -> found.merge(id, uids, (a, b) -> {
            List<Long> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }));
        return found;
    }

    /** Fetches the candidates' Message-ID headers: which of them carry exactly one of these ids. */
    private Map<String, List<Long>> matching(TreeSet<Long> candidates, List<String> messageIds) throws ProtocolException, MessagingException {
        Map<String, List<Long>> found = new HashMap<>();
        if (candidates.isEmpty() || messageIds.isEmpty()) {
            return found;
        }
        Set<String> wanted = new HashSet<>(messageIds);
        Response[] responses = run("UID FETCH " + uidSet(candidates) + " (UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])", null);
        for (Response response : responses) {
            if (response instanceof FetchResponse fetch) {
                UID uid = fetch.getItem(UID.class);
                BODY body = fetch.getItem(BODY.class);
                if (uid != null && body != null) {
                    String header = new InternetHeaders(body.getByteArrayInputStream()).getHeader("Message-ID", null);
                    String id = header == null ? null : stripBrackets(header);
                    if (id != null && wanted.contains(id)) {
                        found.computeIfAbsent(id, k -> new ArrayList<>()).add(uid.uid);
                    }
                }
            }
        }
        return found;
    }

    private List<Long> search(List<String> messageIds) throws ProtocolException {
        return searchResults(run("UID SEARCH", anyOf(messageIds, (arg, id) -> arg.writeAtom("HEADER").writeString("Message-ID").writeString(id))));
    }

    /** Search keys matching any of the values: IMAP's OR takes two keys, so n values make {@code OR k1 OR k2 … k(n-1) kn}. */
    private static Argument anyOf(List<String> values, BiConsumer<Argument, String> key) {
        Argument args = new Argument();
        for (int i = 0; i < values.size(); i++) {
            if (i < values.size() - 1) {
                args.writeAtom("OR");
            }
            key.accept(args, values.get(i));
        }
        return args;
    }

    private static List<Long> searchResults(Response[] responses) {
        List<Long> uids = new ArrayList<>();
        for (Response response : responses) {
            if (response instanceof IMAPResponse untagged && untagged.keyEquals("SEARCH")) {
                String number;
                while ((number = untagged.readAtom()) != null && !number.isEmpty()) {
                    uids.add(Long.parseLong(number));
                }
            }
        }
        return uids;
    }

    /**
     * RFC 6851: one atomic command for all of them.
     *
     * @return each moved UID's new place, {@code <UIDVALIDITY>:<UID>}, as far as the server said (COPYUID)
     */
    Map<Long, String> move(List<Long> uids, String destination) throws ProtocolException {
        return copied(run("UID MOVE " + uidSet(uids), mailbox(destination)));
    }

    /** Without MOVE: copy, flag, and expunge exactly these UIDs (UIDPLUS); returns the new places as {@link #move} does. */
    Map<Long, String> copyAndExpunge(List<Long> uids, String destination) throws ProtocolException {
        Map<Long, String> places = copied(run("UID COPY " + uidSet(uids), mailbox(destination)));
        expunge(uids);
        return places;
    }

    /** RFC 4315's {@code [COPYUID <uidvalidity> <source set> <destination set>]}, the sets in corresponding order. */
    private static Map<Long, String> copied(Response[] responses) {
        Map<Long, String> places = new HashMap<>();
        for (Response response : responses) {
            Matcher m = COPYUID.matcher(response.toString());
            if (m.find()) {
                long[] from = UIDSet.toArray(UIDSet.parseUIDSets(m.group(2)));
                long[] to = UIDSet.toArray(UIDSet.parseUIDSets(m.group(3)));
                for (int i = 0; i < Math.min(from.length, to.length); i++) {
                    places.put(from[i], m.group(1) + ":" + to[i]);
                }
            }
        }
        return places;
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
