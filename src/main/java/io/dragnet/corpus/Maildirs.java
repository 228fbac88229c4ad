package io.dragnet.corpus;

import io.dragnet.corpus.GeneratedMessage.Kind;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The Dovecot side: the Maildir++ layout of every mailbox, and message files named as Dovecot's
 * LDA names them.
 */
final class Maildirs {
    /** The Maildir root (INBOX) and its Maildir++ subfolders. */
    static final List<String> FOLDERS = List.of("", ".Junk", ".Trash", ".Quarantine");
    /** The host part of file names, as the delivering Dovecot would write its hostname. */
    private static final String HOST = "mx1";

    private Maildirs() {
    }

    static void requireEmpty(Path root) throws IOException {
        if (Files.isDirectory(root)) {
            try (Stream<Path> entries = Files.list(root)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException("refusing to write a corpus into non-empty " + root);
                }
            }
        }
    }

    /**
     * Creates every folder of every mailbox, with the files Dovecot keeps next to messages
     * (maildirfolder, subscriptions), which an importer must skip.
     */
    static void createLayout(Path root, List<Person> mailboxes) throws IOException {
        byte[] subscriptions = "Junk\nTrash\nQuarantine\n".getBytes(StandardCharsets.US_ASCII);
        for (Person mailbox : mailboxes) {
            Path maildir = maildir(root, mailbox);
            for (String folder : FOLDERS) {
                Path dir = folder.isEmpty() ? maildir : maildir.resolve(folder);
                Files.createDirectories(dir.resolve("cur"));
                Files.createDirectory(dir.resolve("new"));
                Files.createDirectory(dir.resolve("tmp"));
                if (!folder.isEmpty()) {
                    Files.createFile(dir.resolve("maildirfolder"));
                }
            }
            Files.write(maildir.resolve("subscriptions"), subscriptions);
        }
    }

    static Path maildir(Path root, Person mailbox) {
        return root.resolve(mailbox.domain()).resolve(mailbox.localPart());
    }

    /**
     * Writes one copy as {@code <secs>.M<micros>P<pid>Q<n>.<host>,S=<size>} in new/, or with
     * {@code :2,<flags>} in cur/ once a client has seen it. Q is the copy's serial in the corpus,
     * which keeps names unique.
     */
    static Path writeCopy(Path folderDir, Kind kind, String folder, long receivedAt, long copySerial,
                          SplittableRandom rng, byte[] trace, byte[] common) throws IOException {
        long size = (long) trace.length + common.length;
        String name = receivedAt + ".M" + rng.nextInt(1_000_000) + "P" + (1000 + rng.nextInt(64_000)) + "Q" + copySerial
                + "." + HOST + ",S=" + size;
        String flags = flags(kind, folder, rng);
        Path file = flags == null ? folderDir.resolve("new").resolve(name)
                : folderDir.resolve("cur").resolve(name + ":2," + flags);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer[] buffers = {ByteBuffer.wrap(trace), ByteBuffer.wrap(common)};
            long written = 0;
            while (written < size) {
                written += channel.write(buffers);
            }
        }
        return file;
    }

    /** Maildir flags of a copy in cur/ (letters in ASCII order), or null for an unseen copy in new/. */
    private static String flags(Kind kind, String folder, SplittableRandom rng) {
        int roll = rng.nextInt(100);
        switch (folder) {
            case ".Junk":
                return roll < 50 ? null : roll < 75 ? "" : "S";
            case ".Quarantine":
                return roll < 70 ? null : "";
            default:
                if (roll < 30) {
                    return null;
                }
                if (roll < 75) {
                    return "S";
                }
                if (roll < 85) {
                    return kind == Kind.CLEAN ? "RS" : "S";
                }
                return roll < 92 ? "FS" : "";
        }
    }
}
