package io.dragnet.engine;

import io.dragnet.mailbox.CopyOutcome;
import io.dragnet.mailbox.CopyRef;
import io.dragnet.mailbox.MailboxAction;
import io.dragnet.mailbox.MailboxConnector;
import io.dragnet.mailbox.maildir.MaildirConnector;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Maildir connector, except that the first batch it is given waits until the test lets it go:
 * a batch in flight, for as long as the test needs one. Within a transaction or not, as told, so
 * that a test can hold a PostgreSQL batch either locked or leased, or locked for longer than the
 * connector said it could take.
 */
final class HeldBatch implements MailboxConnector {
    private final MaildirConnector files;
    private final Optional<Duration> longestAct;
    private final CountDownLatch inFlight = new CountDownLatch(1);
    private final CountDownLatch proceed = new CountDownLatch(1);
    private final AtomicBoolean first = new AtomicBoolean(true);
    private final AtomicInteger size = new AtomicInteger();

    HeldBatch(MaildirConnector files, boolean withinTransaction) {
        this(files, withinTransaction ? files.longestAct() : Optional.empty());
    }

    /** @param longestAct what the connector says its acts take at most, however long the test holds the first */
    HeldBatch(MaildirConnector files, Optional<Duration> longestAct) {
        this.files = files;
        this.longestAct = longestAct;
    }

    @Override
    public Optional<Duration> longestAct() {
        return longestAct;
    }

    @Override
    public List<CopyOutcome> act(String mailbox, MailboxAction action, List<CopyRef> copies) {
        if (first.getAndSet(false)) {
            size.set(copies.size());
            inFlight.countDown();
            try {
                proceed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return files.act(mailbox, action, copies);
    }

    /** Waits for the first batch to arrive; @return its size */
    int awaitBatch() throws InterruptedException {
        if (!inFlight.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("no batch reached the connector within 30 s");
        }
        return size.get();
    }

    /** Lets the first batch go on. */
    void release() {
        proceed.countDown();
    }
}
