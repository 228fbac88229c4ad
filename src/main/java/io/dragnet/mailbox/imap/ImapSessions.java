package io.dragnet.mailbox.imap;

import jakarta.mail.MessagingException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connections to one IMAP server: at most one per mailbox at a time, at most
 * {@code maxConnections} in all, and a mailbox's session kept after a batch so the next batch of
 * the same mailbox skips the login. When every permit is taken by idle sessions of other
 * mailboxes, the least recently used one is closed to make room.
 */
final class ImapSessions implements AutoCloseable {
    /** Idle sessions older than this are closed by {@link #closeIdle}; servers drop idle clients after 30 minutes. */
    static final Duration IDLE_LIMIT = Duration.ofMinutes(5);

    private final ImapServer server;
    private final Clock clock;
    private final Semaphore permits;
    private final Map<String, ReentrantLock> mailboxLocks = new ConcurrentHashMap<>();
    private final Map<String, jakarta.mail.Session> mailSessions = new ConcurrentHashMap<>();
    // access order: the first entry is the least recently returned
    private final LinkedHashMap<String, ImapSession> idle = new LinkedHashMap<>(16, 0.75f, true);

    ImapSessions(ImapServer server, Clock clock) {
        this.server = server;
        this.clock = clock;
        this.permits = new Semaphore(server.maxConnections(), true);
    }

    /** A mailbox's session, lent to one caller until {@link Lease#close()}. */
    final class Lease implements AutoCloseable {
        private final String mailbox;
        private final ReentrantLock lock;
        private ImapSession session;
        private boolean broken;

        private Lease(String mailbox, ReentrantLock lock, ImapSession session) {
            this.mailbox = mailbox;
            this.lock = lock;
            this.session = session;
        }

        ImapSession session() {
            return session;
        }

        /** The connection failed mid-use: close it rather than lend it again. */
        void broken() {
            broken = true;
        }

        @Override
        public void close() {
            try {
                // no liveness check here (a NOOP round trip): borrow checks an idle session before lending it
                if (broken) {
                    retire(session);
                } else {
                    session.used(clock.instant());
                    synchronized (idle) {
                        idle.put(mailbox, session);
                    }
                }
                session = null;
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Waits for the mailbox to be free, then lends its session, logging in if it has none. Neither
     * wait (for the mailbox, then for a free connection) goes past {@code deadline}.
     *
     * @throws BusyException      when the mailbox or every connection stayed busy until the deadline
     * @throws MessagingException when the login is refused or the server cannot be reached
     */
    Lease borrow(String user, String domain, Instant deadline) throws MessagingException {
        String mailbox = domain + "/" + user;
        ReentrantLock lock = mailboxLocks.computeIfAbsent(mailbox, m -> new ReentrantLock());
        long waitUntil = System.nanoTime() + Math.max(0, Duration.between(clock.instant(), deadline).toNanos());
        try {
            if (!lock.tryLock(waitUntil - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                throw new BusyException("Another batch of " + user + "@" + domain + " held its connection to "
                        + server.describe() + " until this batch's " + server.timeout().toSeconds() + " s ran out.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("Interrupted while waiting for the connection to " + user + "@" + domain);
        }
        try {
            ImapSession session;
            synchronized (idle) {
                session = idle.remove(mailbox);
            }
            if (session != null && !session.connected()) {
                retire(session);
                session = null;
            }
            if (session == null) {
                acquirePermit(waitUntil);
                try {
                    session = ImapSession.open(server, user, domain, clock.instant(), authorizationId ->
                            mailSessions.computeIfAbsent(authorizationId == null ? "" : authorizationId,
                                    id -> ImapSession.mailSession(server, authorizationId)));
                } catch (MessagingException | RuntimeException e) {
                    permits.release();
                    throw e;
                }
            }
            return new Lease(mailbox, lock, session);
        } catch (MessagingException | RuntimeException e) {
            lock.unlock();
            throw e;
        }
    }

    /** The mailbox's connection, or every connection to the server, was in use for as long as a batch could wait. */
    static final class BusyException extends MessagingException {
        BusyException(String message) {
            super(message);
        }
    }

    /** @param waitUntil in {@link System#nanoTime} terms */
    private void acquirePermit(long waitUntil) throws MessagingException {
        while (!permits.tryAcquire()) {
            if (!closeLeastRecentlyUsed()) {
                try {
                    long left = waitUntil - System.nanoTime();
                    if (left <= 0 || !permits.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                        throw new BusyException("All " + server.maxConnections() + " connections to " + server.describe()
                                + " stayed busy until this batch's " + server.timeout().toSeconds() + " s ran out.");
                    }
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MessagingException("Interrupted while waiting for a connection to " + server.describe());
                }
            }
        }
    }

    private boolean closeLeastRecentlyUsed() {
        ImapSession oldest;
        synchronized (idle) {
            Iterator<ImapSession> it = idle.values().iterator();
            if (!it.hasNext()) {
                return false;
            }
            oldest = it.next();
            it.remove();
        }
        retire(oldest);
        return true;
    }

    /** Logs out of sessions nobody has used for {@link #IDLE_LIMIT}. */
    void closeIdle() {
        Instant limit = clock.instant().minus(IDLE_LIMIT);
        List<ImapSession> stale = new ArrayList<>();
        synchronized (idle) {
            for (Iterator<ImapSession> it = idle.values().iterator(); it.hasNext(); ) {
                ImapSession session = it.next();
                if (session.lastUsed().isBefore(limit)) {
                    it.remove();
                    stale.add(session);
                }
            }
        }
        // LOGOUT is a round trip: done outside the lock, so borrowers of other mailboxes need not wait
        stale.forEach(this::retire);
    }

    /** Logs a session out and frees its place among the server's connections. */
    private void retire(ImapSession session) {
        session.close();
        permits.release();
    }

    @Override
    public void close() {
        synchronized (idle) {
            idle.values().forEach(ImapSession::close);
            permits.release(idle.size());
            idle.clear();
        }
    }
}
