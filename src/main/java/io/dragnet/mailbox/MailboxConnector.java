package io.dragnet.mailbox;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
     * The longest {@link #act} can take, for a connector that bounds it; empty for one that does
     * not. With a bound, the engine (on PostgreSQL) acts while the transaction that picked the rows
     * still holds them locked, and records the outcomes in that transaction: each row is written
     * once, not leased and then written again. The database is told to end that transaction if it
     * waits longer than the bound, so a node that hangs mid-batch does not keep its rows: they are
     * claimable again, and the next attempt finds each copy where this one left it. Without a
     * bound, rows are leased, and no transaction stays open across the connector's calls.
     */
    default Optional<Duration> longestAct() {
        return Optional.empty();
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
