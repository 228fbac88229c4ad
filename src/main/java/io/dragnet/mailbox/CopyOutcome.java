package io.dragnet.mailbox;

import java.time.Duration;
import java.util.Objects;

/** What happened to one copy. Every copy a connector is given gets exactly one outcome. */
public sealed interface CopyOutcome {
    String copyId();

    /**
     * The action took effect; {@code folder} is where the copy is now (null once purged), and
     * {@code location} its new handle there when that changed (an IMAP UID), else null.
     */
    record Done(String copyId, String folder, String location) implements CopyOutcome {
        public Done(String copyId, String folder) {
            this(copyId, folder, null);
        }
    }

    /** Nothing to do: an earlier attempt (or someone else) already put the copy where it was meant to go. */
    record AlreadyDone(String copyId, String folder, String reason) implements CopyOutcome {
    }

    /** Cannot succeed however often it is tried; {@code reason} is for an analyst. */
    record Failed(String copyId, String reason) implements CopyOutcome {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Might succeed later; {@code retryAfter} is the connector's hint, or null for the caller's backoff. */
    record RetryLater(String copyId, String reason, Duration retryAfter) implements CopyOutcome {
        public RetryLater {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
