package io.dragnet.engine;

import io.dragnet.index.CopyLocation.Store;
import io.dragnet.mailbox.MailboxAction;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Rows of one job in one mailbox that a node holds: it alone may act on them and record their
 * outcomes, as long as it holds them as {@code hold} says.
 *
 * @param requestedBy the job's credential name, for the action log
 * @param node        the node holding the rows
 */
record Claim(UUID jobId, String accountId, MailboxAction action, String requestedBy, String mailbox, String node,
             String token, Hold hold, List<Row> rows) {

    Claim {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(hold, "hold");
        rows = List.copyOf(rows);
    }

    /** How the rows are held, and so what recording their outcomes must check. */
    enum Hold {
        /**
         * PROCESSING under {@code token}, committed: the node may act outside any transaction, and
         * records only the rows that still carry the token (a node thought dead loses them).
         */
        LEASED,
        /**
         * Still PENDING, locked by the open transaction that picked them (PostgreSQL's
         * {@code FOR UPDATE}), which acts and records them before it commits. A crash rolls the
         * transaction back, and the rows are simply claimable again.
         */
        LOCKED
    }

    Claim leased() {
        return new Claim(jobId, accountId, action, requestedBy, mailbox, node, token, Hold.LEASED, rows);
    }

    /**
     * A claimed row and the copy it acts on, as the index knows it now. The copy fields are null
     * when the copy has left the index since discovery.
     *
     * @param attempts attempts already made that failed transiently, this one excluded
     * @param claims   times the row was claimed, this claim included: more than one means an
     *                 earlier attempt may have acted without recording it
     * @param copyKey  the copy's key in the index, which a move keeps if it can
     * @param note     the row's status message: why its last attempt did not end it, if one did not
     */
    record Row(UUID id, int attempts, int claims, String messageRef, String copyId, String recipient, Store store, String folder,
               String location, String copyKey, String messageId, String note) {
        Row {
            Objects.requireNonNull(id, "id");
        }

        /**
         * Earlier claims of the row that recorded nothing: its node died, or recording its outcome
         * failed. Every recorded attempt that did not end the row counts in {@code attempts}.
         */
        int unrecordedClaims() {
            return claims - 1 - attempts;
        }

        boolean copyKnown() {
            return store != null;
        }
    }
}
