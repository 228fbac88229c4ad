package io.dragnet.corpus;

import io.dragnet.corpus.GeneratedMessage.Copy;
import io.dragnet.corpus.GeneratedMessage.Kind;

import java.nio.file.Path;
import java.util.List;

/**
 * A generated Maildir tree and the truth of what it holds.
 *
 * @param root      the tree: {@code root/<domain>/<user>/} is one mailbox's Maildir
 * @param messages  every message, ordered by receivedAt
 * @param mailboxes every mailbox in the tree (user@domain), including those that received nothing
 */
public record Corpus(Path root, List<GeneratedMessage> messages, List<String> mailboxes) {
    public Corpus {
        messages = List.copyOf(messages);
        mailboxes = List.copyOf(mailboxes);
    }

    /** Every copy of every message: what a search for "everything" should return, message × recipient. */
    public List<Copy> copies() {
        return messages.stream().flatMap(m -> m.copies().stream()).toList();
    }

    public List<GeneratedMessage> ofKind(Kind kind) {
        return messages.stream().filter(m -> m.kind() == kind).toList();
    }

    /** The Maildir of one mailbox: {@code root/<domain>/<user>}. */
    public Path maildir(String mailbox) {
        int at = mailbox.indexOf('@');
        return root.resolve(mailbox.substring(at + 1)).resolve(mailbox.substring(0, at));
    }
}
