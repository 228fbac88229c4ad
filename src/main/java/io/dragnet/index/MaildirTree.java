package io.dragnet.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A Dovecot-style tree of Maildirs for virtual users, {@code ROOT/<domain>/<user>/}, each with
 * Maildir++ subfolders ({@code .Junk}, {@code .Quarantine}, …); or a single Maildir whose path
 * ends in {@code <domain>/<user>}. The owner of each Maildir is a recipient of the mail in it.
 */
public record MaildirTree(Path root, Folders folders) implements MailSource {

    /** The folder names that mean something to import. */
    public record Folders(String quarantine, String junk) {
        public static final Folders DEFAULT = new Folders(".Quarantine", ".Junk");
    }

    @Override
    public void read(MailSink sink) throws IOException {
        Path top = root.toAbsolutePath().normalize();
        if (isMaildir(top)) {
            Path domain = top.getParent();
            if (domain == null || domain.getFileName() == null) {
                throw new IOException(top + " is a Maildir, but its path does not end in <domain>/<user>, so its owner is unknown");
            }
            readMaildir(top, domain.getFileName() + "/" + top.getFileName(), sink);
            return;
        }
        for (Path domain : sortedChildren(top)) {
            if (!Files.isDirectory(domain)) {
                continue;
            }
            for (Path user : sortedChildren(domain)) {
                if (isMaildir(user)) {
                    readMaildir(user, domain.getFileName() + "/" + user.getFileName(), sink);
                }
            }
        }
    }

    private void readMaildir(Path maildir, String mailbox, MailSink sink) throws IOException {
        String[] parts = mailbox.split("/");
        String owner = (parts[1] + "@" + parts[0]).toLowerCase(Locale.ROOT);
        readFolder(maildir, mailbox, "", owner, sink);
        for (Path child : sortedChildren(maildir)) {
            String name = child.getFileName().toString();
            if (name.startsWith(".") && !name.equals(".") && !name.equals("..") && isMaildir(child)) {
                readFolder(child, mailbox, name, owner, sink);
            }
        }
    }

    private static void readFolder(Path folderDir, String mailbox, String folder, String owner, MailSink sink) throws IOException {
        for (String sub : List.of("cur", "new")) {
            Path dir = folderDir.resolve(sub);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            for (Path file : sortedChildren(dir)) {
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                String name = file.getFileName().toString();
                int colon = name.indexOf(':');
                String base = colon < 0 ? name : name.substring(0, colon);
                CopyLocation location = new CopyLocation(CopyLocation.Store.MAILDIR, mailbox, folder, base);
                sink.accept(RawMail.ofFile(file, location, owner, deliveryTime(base)));
            }
        }
    }

    /** Maildir names start with the delivery time in Unix seconds: {@code 1700000000.M123P45.host}. */
    static Instant deliveryTime(String baseName) {
        int dot = baseName.indexOf('.');
        String seconds = dot < 0 ? baseName : baseName.substring(0, dot);
        if (seconds.isEmpty() || seconds.length() > 12 || !seconds.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Instant.ofEpochSecond(Long.parseLong(seconds));
    }

    private static boolean isMaildir(Path dir) {
        return Files.isDirectory(dir.resolve("cur")) || Files.isDirectory(dir.resolve("new"));
    }

    private static List<Path> sortedChildren(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.sorted().toList();
        }
    }
}
