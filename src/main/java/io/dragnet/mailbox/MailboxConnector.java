package io.dragnet.mailbox;

import java.util.List;

/**
 * Acts on the copies of messages in one mailbox at a time, so that a connector can use one
 * session (an IMAP login, a directory listing) for a whole batch.
 */
public interface MailboxConnector {
    /**
     * @param mailbox the mailbox as the index names it (Maildir: {@code <domain>/<user>})
     * @return one outcome per copy, in any order; failures are outcomes, never exceptions
     */
    List<CopyOutcome> act(String mailbox, MailboxAction action, List<CopyRef> copies);

    /**
     * Whether {@link #act} is quick and touches only this machine (renames on a local disk), so
     * that the engine may act while the transaction that picked the rows still holds them locked,
     * and record the outcomes in that transaction: each row is written once, not leased and then
     * written again. A connector that waits on a network says no; its rows are leased, and no
     * transaction stays open across its calls.
     */
    default boolean actsWithinTransaction() {
        return false;
    }

    /** Whether this connector acts on a mailbox ({@code <domain>/<user>}); one configured per domain says no to others. */
    default boolean serves(String mailbox) {
        return true;
    }

    /** Releases what the connector holds open (IMAP connections, logged out); the engine calls it when it stops. */
    default void close() {
    }

    /** Periodic upkeep the engine runs now and then (removing purged mail past its retention, say); never throws. */
    default void housekeep() {
    }
}
