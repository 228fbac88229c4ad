package io.dragnet.engine;

import io.dragnet.index.CopyLocation.Store;
import io.dragnet.mailbox.MailboxAction;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Rows of one job in one mailbox that a node holds: it alone may act on them and record their
 * outcomes, as long as they still carry its {@code token}.
 *
 * @param requestedBy the job's credential name, for the action log
 */
record Claim(UUID jobId, String accountId, MailboxAction action, String requestedBy, String mailbox, String token,
             List<Row> rows) {

    Claim {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(token, "token");
        rows = List.copyOf(rows);
    }

    /**
     * A claimed row and the copy it acts on, as the index knows it now. The copy fields are null
     * when the copy has left the index since discovery.
     *
     * @param attempts attempts already made that failed transiently, this one excluded
     * @param claims   times the row was claimed, this claim included: more than one means an
     *                 earlier attempt may have acted without recording it
     */
    record Row(UUID id, int attempts, int claims, String messageRef, String copyId, String recipient, Store store, String folder,
               String location, String messageId) {
        Row {
            Objects.requireNonNull(id, "id");
        }

        boolean copyKnown() {
            return store != null;
        }
    }
}
