package io.dragnet.mailbox.imap;

import io.dragnet.mailbox.CopyOutcome;
import io.dragnet.mailbox.CopyRef;
import io.dragnet.mailbox.MailboxAction;
import io.dragnet.mailbox.MailboxConnector;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Acts on copies over IMAP, in any server's mailboxes: the index names a mailbox
 * {@code <domain>/<user>}, and {@link ImapConfig} says which server holds each domain and how to
 * log in to it. A refused login, a missing mailbox or folder, and a {@code NO} are failures with
 * the server's words; an unreachable server, a dropped connection or throttling is retried.
 */
public final class ImapConnector implements MailboxConnector, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImapConnector.class);
    /** How many of its server's timeouts one act can take at most ({@link #longestAct}). */
    private static final int ACT_TIMEOUTS = 4;

    private final ImapConfig config;
    private final Optional<Duration> longestAct;
    private final Clock clock;
    private final Map<ImapServer, ImapSessions> servers = new ConcurrentHashMap<>();

    public ImapConnector(ImapConfig config, Clock clock) {
        this.config = config;
        this.longestAct = config.domains().values().stream().map(server -> server.timeout().multipliedBy(ACT_TIMEOUTS))
                .max(Comparator.naturalOrder());
        this.clock = clock;
    }

    /** Whether a mailbox's domain has a server here; mailboxes of other domains are not this connector's. */
    @Override
    public boolean serves(String mailbox) {
        return serverOf(mailbox) != null;
    }

    /** The server of a mailbox {@code <domain>/<user>}, or null. */
    private ImapServer serverOf(String mailbox) {
        int slash = mailbox.indexOf('/');
        return slash > 0 ? config.serverFor(mailbox.substring(0, slash)) : null;
    }

    /**
     * A batch waits for its mailbox and for a free connection no later than its deadline, its
     * server's timeout after it began, and starts no command after it (the copies left are
     * retried). What can run past the deadline is the login or the one command in flight, each
     * read and write of which has the timeout: four timeouts in all bound an act unless a server
     * answers every read just inside its timeout, and then the engine retries the batch rather
     * than wait for it.
     */
    @Override
    public Optional<Duration> longestAct() {
        return longestAct;
    }

    @Override
    public List<CopyOutcome> act(String mailbox, MailboxAction action, List<CopyRef> copies) {
        ImapServer server = serverOf(mailbox);
        if (server == null) {
            return all(copies, c -> new CopyOutcome.Failed(c.id(), "No IMAP server is configured for the mailbox " + mailbox + "."));
        }
        Instant deadline = clock.instant().plus(server.timeout());
        int slash = mailbox.indexOf('/');
        String domain = mailbox.substring(0, slash);
        String user = mailbox.substring(slash + 1);
        ImapSessions sessions = servers.computeIfAbsent(server, s -> new ImapSessions(s, clock));
        ImapSessions.Lease lease;
        try {
            lease = sessions.borrow(user, domain, deadline);
        } catch (AuthenticationFailedException e) {
            String reason = server.describe() + " refused the login for " + user + "@" + domain + ": " + e.getMessage();
            // "[UNAVAILABLE] Temporary authentication failure" is Dovecot's word for a busy or failing auth backend
            return all(copies, c -> ImapBatch.isTransient(e.getMessage()) ? new CopyOutcome.RetryLater(c.id(), reason, null)
                    : new CopyOutcome.Failed(c.id(), reason));
        } catch (ImapSession.MissingCredentialsException e) {
            return all(copies, c -> new CopyOutcome.Failed(c.id(), e.getMessage()));
        } catch (ImapSessions.BusyException e) {
            return all(copies, c -> new CopyOutcome.RetryLater(c.id(), e.getMessage(), null));
        } catch (MessagingException e) {
            return all(copies, c -> new CopyOutcome.RetryLater(c.id(), "Cannot reach " + server.describe() + ": " + describe(e), null));
        }
        ImapBatch batch = new ImapBatch(lease.session(), server, action, clock, deadline);
        try {
            batch.run(copies);
        } catch (MessagingException | RuntimeException e) {
            lease.broken();
            LOG.warn("IMAP batch in {} on {} broke off: {}", mailbox, server.describe(), describe(e));
            String reason = "The connection to " + server.describe() + " failed: " + describe(e);
            copies.forEach(c -> batch.outcomes().putIfAbsent(c.id(), new CopyOutcome.RetryLater(c.id(), reason, null)));
        } finally {
            lease.close(); // after the catch: a broken session must not go back to the pool
        }
        return new ArrayList<>(batch.outcomes().values());
    }

    /** Logs out of sessions that have been idle a while. */
    @Override
    public void housekeep() {
        servers.values().forEach(ImapSessions::closeIdle);
    }

    @Override
    public void close() {
        servers.values().forEach(ImapSessions::close);
    }

    private static List<CopyOutcome> all(List<CopyRef> copies, Function<CopyRef, CopyOutcome> outcome) {
        return copies.stream().map(outcome).toList();
    }

    private static String describe(Exception e) {
        Throwable cause = e.getCause() != null && e.getCause() != e ? e.getCause() : null;
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return cause == null || cause.getMessage() == null || message.contains(cause.getMessage()) ? message
                : message + " (" + cause.getMessage() + ")";
    }
}
