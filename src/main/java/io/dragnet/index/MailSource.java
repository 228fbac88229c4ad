package io.dragnet.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Something import reads mail from: a Maildir tree, an mbox file, or one .eml file. */
public sealed interface MailSource permits MaildirTree, MboxFile, EmlFile {

    /** Hands every message to {@code sink}, one at a time; problems with single files go to {@code sink.reject}. */
    void read(MailSink sink) throws IOException;

    /** Receives what a source finds. */
    interface MailSink {
        void accept(RawMail mail);

        void reject(String origin, String reason);
    }

    /** Recognizes a path by its shape: a directory is Maildir, a file starting with "From " is mbox, anything else one message. */
    static MailSource detect(Path path, MaildirTree.Folders folders) throws IOException {
        if (Files.isDirectory(path)) {
            return new MaildirTree(path, folders);
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException("no such file or directory: " + path);
        }
        return MboxFile.looksLikeMbox(path) ? new MboxFile(path) : new EmlFile(path);
    }
}
