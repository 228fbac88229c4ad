package io.dragnet.mailbox.imap;

import io.dragnet.job.Destination;
import io.dragnet.mailbox.CopyOutcome;
import io.dragnet.mailbox.CopyRef;
import io.dragnet.mailbox.MailboxAction;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.iap.CommandFailedException;
import org.eclipse.angus.mail.iap.ProtocolException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One batch of copies in one mailbox: per source folder, one search for all their Message-IDs, one
 * fetch to check them exactly, and one move (or copy and UID expunge) for all that were found.
 * Copies not found where the index put them are looked for in the destination, where an earlier
 * attempt may have put them.
 */
final class ImapBatch {
    /** Where a copy imported over IMAP is: {@code <UIDVALIDITY>:<UID>}. Maildir base names have no colon. */
    static final Pattern IMAP_LOCATION = Pattern.compile("(\\d+):(\\d+)");

    /** RFC 5530 response codes after which the same command may well succeed later. */
    private static final Pattern TRANSIENT = Pattern.compile("\\[(UNAVAILABLE|INUSE|LIMIT|SERVERBUG|EXPUNGEISSUED)]",
            Pattern.CASE_INSENSITIVE);

    /** Whether a server's NO says to try again later (RFC 5530 response codes). */
    static boolean isTransient(String serverText) {
        return serverText != null && TRANSIENT.matcher(serverText).find();
    }

    private final ImapSession session;
    private final ImapServer server;
    private final MailboxAction action;
    private final Clock clock;
    private final Instant deadline;
    private final Map<String, CopyOutcome> outcomes = new LinkedHashMap<>();

    /** @param deadline after which the batch starts no more commands: the copies it has not reached are retried */
    ImapBatch(ImapSession session, ImapServer server, MailboxAction action, Clock clock, Instant deadline) {
        this.session = session;
        this.server = server;
        this.action = action;
        this.clock = clock;
        this.deadline = deadline;
    }

    /** Where the action puts copies: a folder, or nowhere (purge). */
    private record Target(String folder, String description) {
        boolean purge() {
            return folder == null;
        }
    }

    /** The outcomes so far; the caller turns the rest into retries when the connection fails midway. */
    Map<String, CopyOutcome> outcomes() {
        return outcomes;
    }

    void run(List<CopyRef> copies) throws MessagingException {
        Target target;
        try {
            target = target();
        } catch (MessagingException e) {
            copies.forEach(c -> fail(c, "Cannot prepare the destination in " + session.address() + ": " + e.getMessage()));
            return;
        }
        Map<String, List<CopyRef>> bySource = new LinkedHashMap<>();
        for (CopyRef copy : copies) {
            if (copy.messageId() == null || copy.messageId().isBlank()) {
                fail(copy, "The message has no Message-ID, by which IMAP would find it.");
            } else {
                bySource.computeIfAbsent(session.fromMaildir(copy.folder()), f -> new ArrayList<>()).add(copy);
            }
        }
        // RELEASE acts on quarantined copies only, as the Maildir connector does; a retry finds them in the inbox
        String quarantine = session.existing(server.folders().quarantine()).orElse(null);
        List<CopyRef> notFound = new ArrayList<>();
        for (Map.Entry<String, List<CopyRef>> group : bySource.entrySet()) {
            String source = group.getKey();
            if (action instanceof MailboxAction.Release && !source.equals(quarantine)) {
                group.getValue().forEach(c -> fail(c, "Not quarantined: the copy is in " + source + ", not "
                        + server.folders().quarantine() + "."));
            } else if (source.equals(target.folder())) {
                notFound.addAll(group.getValue());
            } else if (outOfTime()) {
                group.getValue().forEach(this::retryLater);
            } else {
                notFound.addAll(act(source, group.getValue(), target));
            }
        }
        if (notFound.isEmpty()) {
            return;
        }
        if (outOfTime()) {
            notFound.forEach(this::retryLater);
        } else {
            lookInDestination(notFound, target);
        }
    }

    /**
     * Whether the batch's time is up: the engine may hold the copies' rows locked while it acts
     * ({@link ImapConnector#longestAct}), so a slow server gets the rest of the batch later rather
     * than keep them.
     */
    private boolean outOfTime() {
        return clock.instant().isAfter(deadline);
    }

    private void retryLater(CopyRef copy) {
        outcomes.put(copy.id(), new CopyOutcome.RetryLater(copy.id(), "Not reached within the batch's " + server.timeout().toSeconds()
                + " s in " + session.address() + " on " + server.describe() + "; tried again later.", null));
    }

    /** Acts on the copies found in one folder; returns those not found there. */
    private List<CopyRef> act(String source, List<CopyRef> copies, Target target) throws MessagingException {
        List<CopyRef> notFound = new ArrayList<>();
        List<CopyRef> found = new ArrayList<>();
        Set<Long> uids = new LinkedHashSet<>();
        Map<Long, String> places = new HashMap<>();
        Map<String, Long> firstUid = new HashMap<>();
        String failure = (String) session.protocol(p -> {
            UidCommands uid = new UidCommands(p);
            Long validity = uid.select(source);
            if (validity == null) {
                notFound.addAll(copies);
                return null;
            }
            List<CopyRef> rest = new ArrayList<>(copies);
            if (session.fileNameSearch()) {
                List<CopyRef> byFileName = findByFileName(uid, copies, uids);
                found.addAll(byFileName);
                rest.removeAll(new HashSet<>(byFileName));
            }
            Map<String, List<Long>> byId;
            try {
                byId = uid.find(rest.stream().map(CopyRef::messageId).distinct().toList(), recordedUids(rest, validity));
            } catch (MessagingException e) {
                throw new ProtocolException("unreadable Message-ID header: " + e.getMessage(), e);
            }
            for (CopyRef copy : rest) {
                List<Long> matches = byId.get(copy.messageId());
                if (matches == null) {
                    notFound.add(copy);
                } else {
                    found.add(copy);
                    firstUid.put(copy.id(), matches.get(0));
                    uids.addAll(matches);
                }
            }
            if (uids.isEmpty()) {
                return null;
            }
            try {
                places.putAll(transfer(uid, List.copyOf(uids), target));
                return null;
            } catch (CommandFailedException e) {
                return e.getMessage();
            }
        });
        String now = target.purge() ? null : session.toMaildir(target.folder());
        for (CopyRef copy : found) {
            if (failure == null) {
                // a copy imported over IMAP is known by its UID, which the move changed
                String location = IMAP_LOCATION.matcher(copy.location()).matches() ? places.get(firstUid.get(copy.id())) : null;
                outcomes.put(copy.id(), new CopyOutcome.Done(copy.id(), now, location));
            } else if (isTransient(failure)) {
                outcomes.put(copy.id(), new CopyOutcome.RetryLater(copy.id(), refused(failure), null));
            } else {
                fail(copy, refused(failure));
            }
        }
        return notFound;
    }

    private Map<Long, String> transfer(UidCommands uid, List<Long> uids, Target target) throws ProtocolException {
        if (target.purge()) {
            requireUidPlus();
            uid.expunge(uids);
            return Map.of();
        } else if (session.canMove()) {
            return uid.move(uids, target.folder());
        } else {
            requireUidPlus();
            return uid.copyAndExpunge(uids, target.folder());
        }
    }

    /**
     * Finds copies imported from a Maildir tree by their file's name, which Dovecot knows without
     * opening a message: as many names per search as a command line comfortably holds (a folder's
     * worth, usually); when a search finds as many messages as names (a name is unique in a
     * folder), each copy is certainly there, and no header needs to be read. The rest are left to
     * the Message-ID search.
     *
     * @return the copies found; their UIDs are added to {@code uids}
     */
    private List<CopyRef> findByFileName(UidCommands uid, List<CopyRef> copies, Set<Long> uids) throws ProtocolException {
        List<CopyRef> files = copies.stream().filter(c -> !IMAP_LOCATION.matcher(c.location()).matches()).toList();
        List<CopyRef> matched = new ArrayList<>();
        for (List<CopyRef> chunk : byCommandLength(files)) {
            List<Long> hits = uid.searchFileNames(chunk.stream().map(CopyRef::location).toList());
            if (hits == null) {
                session.noFileNameSearch();
                break;
            }
            if (hits.size() == chunk.size()) {
                matched.addAll(chunk);
                uids.addAll(hits);
            }
        }
        return matched;
    }

    /** The copies in runs whose file-name search stays under {@link UidCommands#FILE_NAME_SEARCH_BYTES}. */
    private static List<List<CopyRef>> byCommandLength(List<CopyRef> files) {
        List<List<CopyRef>> chunks = new ArrayList<>();
        List<CopyRef> chunk = new ArrayList<>();
        int bytes = 0;
        for (CopyRef file : files) {
            int cost = file.location().length() + UidCommands.FILE_NAME_SEARCH_OVERHEAD;
            if (!chunk.isEmpty() && bytes + cost > UidCommands.FILE_NAME_SEARCH_BYTES) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(file);
            bytes += cost;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    /** The UIDs the index recorded for copies imported over IMAP, while the folder's UIDVALIDITY still vouches for them. */
    private static List<Long> recordedUids(List<CopyRef> copies, long validity) {
        List<Long> uids = new ArrayList<>();
        for (CopyRef copy : copies) {
            Matcher m = IMAP_LOCATION.matcher(copy.location());
            if (m.matches() && Long.parseLong(m.group(1)) == validity) {
                uids.add(Long.parseLong(m.group(2)));
            }
        }
        return uids;
    }

    private void requireUidPlus() throws CommandFailedException {
        if (!session.hasUidPlus()) {
            throw new CommandFailedException(server.describe() + " offers neither MOVE nor UIDPLUS, and a plain EXPUNGE"
                    + " would also remove every other message marked deleted in the folder.");
        }
    }

    /** Copies missing from their folder are done if the destination holds them, and failed if not. */
    private void lookInDestination(List<CopyRef> copies, Target target) throws MessagingException {
        if (target.purge()) {
            copies.forEach(c -> outcomes.put(c.id(), new CopyOutcome.AlreadyDone(c.id(), null,
                    "No longer in the mailbox; nothing left to purge.")));
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, List<Long>> there = (Map<String, List<Long>>) session.protocol(p -> {
            UidCommands uid = new UidCommands(p);
            if (uid.select(target.folder()) == null) {
                return Map.of();
            }
            try {
                return uid.find(copies.stream().map(CopyRef::messageId).distinct().toList(), List.of());
            } catch (MessagingException e) {
                throw new ProtocolException("unreadable Message-ID header: " + e.getMessage(), e);
            }
        });
        String folder = session.toMaildir(target.folder());
        for (CopyRef copy : copies) {
            if (there.containsKey(copy.messageId())) {
                outcomes.put(copy.id(), new CopyOutcome.AlreadyDone(copy.id(), folder, "Already in " + target.description() + "."));
            } else {
                fail(copy, "Not found in " + session.fromMaildir(copy.folder()) + " of " + session.address()
                        + (action instanceof MailboxAction.Release ? "." : " nor in " + target.description() + "."));
            }
        }
    }

    /** Resolves, and if configured creates, the folder the action puts copies in. */
    private Target target() throws MessagingException {
        if (action instanceof MailboxAction.Release) {
            return new Target("INBOX", "the inbox");
        }
        Destination destination = ((MailboxAction.Move) action).destination();
        ImapServer.FolderNames names = server.folders();
        return switch (destination) {
            case INBOX -> new Target("INBOX", "the inbox");
            case JUNK_EMAIL -> new Target(folder("\\Junk", names.junk(), true), "the junk folder");
            case DELETED_ITEMS -> new Target(folder("\\Trash", names.trash(), true), "the trash folder");
            case RECOVERABLE_ITEMS_DELETIONS -> new Target(folder(null, names.recoverable(), false), "the recoverable folder");
            case RECOVERABLE_ITEMS_PURGES -> new Target(null, "nowhere (purged)");
        };
    }

    private String folder(String specialUse, String name, boolean subscribe) throws MessagingException {
        Optional<String> marked = specialUse == null ? Optional.empty() : session.specialUse(specialUse);
        if (marked.isPresent()) {
            return marked.get();
        }
        Optional<String> existing = session.existing(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (!server.createFolders()) {
            throw new MessagingException("it has no folder " + name + (specialUse == null ? "" : " nor one marked " + specialUse)
                    + ", and create_missing_folders is false");
        }
        return session.create(name, subscribe);
    }

    private String refused(String serverText) {
        return server.describe() + " refused the change in " + session.address() + ": " + serverText;
    }

    private void fail(CopyRef copy, String reason) {
        outcomes.put(copy.id(), new CopyOutcome.Failed(copy.id(), reason));
    }
}
