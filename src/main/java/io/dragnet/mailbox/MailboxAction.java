package io.dragnet.mailbox;

import io.dragnet.job.Destination;

import java.util.Objects;

/** What to do to a copy. */
public sealed interface MailboxAction {
    /** Move the copy to a destination folder, or out of the mailbox for good. */
    record Move(Destination destination) implements MailboxAction {
        public Move {
            Objects.requireNonNull(destination, "destination");
        }
    }

    /** Take the copy out of quarantine into the inbox. */
    record Release() implements MailboxAction {
    }
}
