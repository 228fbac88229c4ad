package io.dragnet.mailbox.maildir;

import io.dragnet.job.Destination;
import io.dragnet.mailbox.CopyOutcome;
import io.dragnet.mailbox.CopyRef;
import io.dragnet.mailbox.MailboxAction;
import io.dragnet.mailbox.MailboxConnector;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Acts on a Dovecot-style tree of Maildirs ({@code ROOT/<domain>/<user>/}) with renames: a move
 * is one atomic rename within a file system, keeps the file name and so its Maildir flags, and
 * can be retried safely, because a copy that is already where it should be counts as done.
 */
public final class MaildirConnector implements MailboxConnector {
    private static final Logger LOG = LoggerFactory.getLogger(MaildirConnector.class);

    /**
     * Folder names. {@code recoverable} and {@code purged} have no leading dot: they are not
     * Maildir++ folders, so mail clients do not show them. An administrator restores from them by
     * moving files back; purged files are deleted for good once their retention ends.
     */
    public record Folders(String junk, String trash, String quarantine, String recoverable, String purged) {
        public static final Folders DEFAULT = new Folders(".Junk", ".Trash", ".Quarantine", "dragnet-recoverable", "dragnet-purged");

        public Folders {
            Objects.requireNonNull(junk, "junk");
            Objects.requireNonNull(trash, "trash");
            Objects.requireNonNull(quarantine, "quarantine");
            Objects.requireNonNull(recoverable, "recoverable");
            Objects.requireNonNull(purged, "purged");
        }
    }

    /**
     * How purged mail leaves the mailbox: deleted at once ({@link #IMMEDIATE}), or kept in the
     * {@code purged} folder for {@code retention} first, so that a mistaken purge can be undone
     * within the window. {@link #housekeep()} deletes what has outlived it.
     */
    public record Purge(Duration retention, Clock clock) {
        public static final Purge IMMEDIATE = new Purge(Duration.ZERO, Clock.systemUTC());

        public Purge {
            Objects.requireNonNull(retention, "retention");
            Objects.requireNonNull(clock, "clock");
            if (retention.isNegative()) {
                throw new IllegalArgumentException("the purge retention must not be negative, was " + retention);
            }
        }

        boolean keeps() {
            return !retention.isZero();
        }
    }

    /** The file operations, so tests can make them fail the way a full or broken disk does. */
    public interface FileOps {
        FileOps DEFAULT = new FileOps() {
        };

        default void move(Path from, Path to) throws IOException {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }

        default void delete(Path file) throws IOException {
            Files.delete(file);
        }
    }

    private static final Duration LONGEST_ACT = Duration.ofMinutes(1);

    private final Path root;
    private final Folders folders;
    private final FileOps files;
    private final Purge purge;

    /** A connector that deletes purged mail at once. */
    public MaildirConnector(Path root, Folders folders, FileOps files) {
        this(root, folders, files, Purge.IMMEDIATE);
    }

    public MaildirConnector(Path root, Folders folders, FileOps files, Purge purge) {
        this.root = root.toAbsolutePath().normalize();
        this.folders = folders;
        this.files = files;
        this.purge = purge;
    }

    /**
     * Renames in the mail root take milliseconds a batch; a minute covers a disk under load, and a
     * batch slower than twice that is retried rather than waited for (the engine's limit).
     */
    @Override
    public Optional<Duration> longestAct() {
        return Optional.of(LONGEST_ACT);
    }

    @Override
    public List<CopyOutcome> act(String mailbox, MailboxAction action, List<CopyRef> copies) {
        Path maildir = root.resolve(mailbox).normalize();
        List<CopyOutcome> outcomes = new ArrayList<>(copies.size());
        if (!maildir.startsWith(root) || maildir.equals(root) || !isMaildir(maildir)) {
            copies.forEach(copy -> outcomes.add(new CopyOutcome.Failed(copy.id(), "No such mailbox: " + mailbox + " under " + root)));
            return outcomes;
        }
        Listing listing = new Listing(maildir);
        for (CopyRef copy : copies) {
            outcomes.add(act(maildir, listing, action, copy));
        }
        return outcomes;
    }

    private CopyOutcome act(Path maildir, Listing listing, MailboxAction action, CopyRef copy) {
        // null means "out of the mailbox": a purge
        String target = action instanceof MailboxAction.Move move ? folderOf(move.destination()) : "";
        try {
            Path file = listing.find(copy.folder(), copy.location());
            if (file == null) {
                if (target == null) {
                    return new CopyOutcome.AlreadyDone(copy.id(), null, "No longer in the mailbox; nothing left to purge.");
                }
                if (listing.find(target, copy.location()) != null) {
                    return new CopyOutcome.AlreadyDone(copy.id(), target, "Already in " + describe(target) + ".");
                }
                return new CopyOutcome.Failed(copy.id(), "Not found in " + describe(copy.folder()) + " of the mailbox.");
            }
            if (action instanceof MailboxAction.Release && !copy.folder().equals(folders.quarantine())) {
                return new CopyOutcome.Failed(copy.id(), "Not quarantined: the copy is in " + describe(copy.folder()) + ".");
            }
            if (target == null) {
                if (purge.keeps()) {
                    keepForRetention(maildir, file, listing);
                } else {
                    files.delete(file);
                }
                listing.forget(copy.folder(), copy.location());
                return new CopyOutcome.Done(copy.id(), null);
            }
            if (target.equals(copy.folder())) {
                return new CopyOutcome.AlreadyDone(copy.id(), target, "Already in " + describe(target) + ".");
            }
            Path moved = destination(maildir, target, file, action, listing);
            // one stat, not a listing of the destination (a Trash may hold many thousands): only a
            // file at the very path the rename goes to is at risk
            boolean taken = Files.exists(moved, LinkOption.NOFOLLOW_LINKS);
            if (taken && Files.isSameFile(moved, file)) {
                // hard links of one message (how Dovecot copies within a mailbox): a rename onto its
                // twin would do nothing, leaving this one where it was; the destination has the message
                files.delete(file);
                listing.forget(copy.folder(), copy.location());
                return new CopyOutcome.Done(copy.id(), target);
            }
            String name = copy.location();
            if (taken) {
                // another message of the same name in the destination: renaming onto it would replace it
                name = copy.location() + ".dragnet-" + UUID.randomUUID().toString().substring(0, 8);
                moved = moved.resolveSibling(name + moved.getFileName().toString().substring(copy.location().length()));
            }
            files.move(file, moved);
            listing.forget(copy.folder(), copy.location());
            listing.remember(target, name, moved);
            return new CopyOutcome.Done(copy.id(), target, taken ? name : null);
        } catch (IOException e) {
            return new CopyOutcome.RetryLater(copy.id(), "File system error: " + e, null);
        }
    }

    /**
     * Moves a purged file to the purged folder and stamps it with the time of the purge, from which
     * its retention runs: the file's own time is its delivery, which Dovecot and others rely on.
     */
    private void keepForRetention(Path maildir, Path file, Listing listing) throws IOException {
        Path folderDir = maildir.resolve(folders.purged());
        if (listing.ensured.add(folders.purged())) {
            ensureFolder(folderDir, false);
        }
        Path kept = folderDir.resolve(file.getParent().getFileName().toString()).resolve(file.getFileName().toString());
        files.move(file, kept);
        Files.setLastModifiedTime(kept, FileTime.from(purge.clock().instant()));
    }

    /** Deletes purged mail whose retention has ended, in every mailbox of the tree. */
    @Override
    public void housekeep() {
        if (!purge.keeps()) {
            return;
        }
        Instant cutoff = purge.clock().instant().minus(purge.retention());
        try (DirectoryStream<Path> domains = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path domain : domains) {
                try (DirectoryStream<Path> users = Files.newDirectoryStream(domain, Files::isDirectory)) {
                    for (Path user : users) {
                        deleteExpired(user.resolve(folders.purged()), cutoff);
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not remove purged mail past its retention under {}: {}", root, e.toString());
        }
    }

    private void deleteExpired(Path purgedFolder, Instant cutoff) throws IOException {
        for (String sub : List.of("cur", "new")) {
            Path dir = purgedFolder.resolve(sub);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> kept = Files.newDirectoryStream(dir)) {
                for (Path file : kept) {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                        files.delete(file);
                    }
                }
            }
        }
    }

    /**
     * The new path: same sub-directory and name (flags kept), except that a released message is
     * delivered anew, to the inbox's new/ without flags, as if it had just arrived.
     */
    private static Path destination(Path maildir, String folder, Path file, MailboxAction action, Listing listing)
            throws IOException {
        Path folderDir = folder.isEmpty() ? maildir : maildir.resolve(folder);
        if (listing.ensured.add(folder)) {
            ensureFolder(folderDir, !folder.isEmpty() && folder.startsWith("."));
        }
        String name = file.getFileName().toString();
        if (action instanceof MailboxAction.Release) {
            int colon = name.indexOf(':');
            return folderDir.resolve("new").resolve(colon < 0 ? name : name.substring(0, colon));
        }
        return folderDir.resolve(file.getParent().getFileName().toString()).resolve(name);
    }

    /** Creates a missing destination the way Dovecot would: cur/, new/, tmp/ and, for a subfolder, its marker file. */
    private static void ensureFolder(Path folderDir, boolean maildirPlusPlus) throws IOException {
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(folderDir.resolve(sub));
        }
        if (maildirPlusPlus && !Files.exists(folderDir.resolve("maildirfolder"))) {
            Files.createFile(folderDir.resolve("maildirfolder"));
        }
    }

    /**
     * The files of the folders one batch touches, listed once per folder: finding k copies in a
     * mailbox of n files costs one listing, not k.
     */
    private static final class Listing {
        private final Path maildir;
        private final Map<String, Map<String, Path>> byFolder = new HashMap<>();
        /** Destination folders known to exist: checked once a batch, not once a copy. */
        private final Set<String> ensured = new HashSet<>();

        Listing(Path maildir) {
            this.maildir = maildir;
        }

        /** The copy's file: its base name alone (in new/) or followed by ":2,flags" (in cur/). */
        Path find(String folder, String baseName) throws IOException {
            return files(folder).get(baseName);
        }

        void forget(String folder, String baseName) throws IOException {
            files(folder).remove(baseName);
        }

        void remember(String folder, String baseName, Path file) throws IOException {
            files(folder).put(baseName, file);
        }

        private Map<String, Path> files(String folder) throws IOException {
            Map<String, Path> files = byFolder.get(folder);
            if (files == null) {
                files = new HashMap<>();
                Path folderDir = folder.isEmpty() ? maildir : maildir.resolve(folder);
                for (String sub : List.of("cur", "new")) {
                    Path dir = folderDir.resolve(sub);
                    if (Files.isDirectory(dir)) {
                        try (Stream<Path> listed = Files.list(dir)) {
                            for (Path file : (Iterable<Path>) listed::iterator) {
                                String name = file.getFileName().toString();
                                int colon = name.indexOf(':');
                                files.putIfAbsent(colon < 0 ? name : name.substring(0, colon), file);
                            }
                        }
                    }
                }
                byFolder.put(folder, files);
            }
            return files;
        }
    }

    private String folderOf(Destination destination) {
        return switch (destination) {
            case INBOX -> "";
            case JUNK_EMAIL -> folders.junk();
            case DELETED_ITEMS -> folders.trash();
            case RECOVERABLE_ITEMS_DELETIONS -> folders.recoverable();
            case RECOVERABLE_ITEMS_PURGES -> null;
        };
    }

    private static boolean isMaildir(Path dir) {
        return Files.isDirectory(dir.resolve("cur")) || Files.isDirectory(dir.resolve("new"));
    }

    private static String describe(String folder) {
        return folder.isEmpty() ? "the inbox" : folder;
    }
}
