package io.dragnet.corpus;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What to generate. The tree is a pure function of this spec: the same spec always writes the
 * same bytes, so a test can regenerate a corpus instead of keeping fixtures.
 *
 * @param seed               everything random derives from it
 * @param domains            corpus domains: example.com, example.org, then corp2.example, corp3.example, …
 * @param mailboxesPerDomain mailboxes in each domain: alice, bob, … then user013, user014, …
 * @param messages           distinct messages (a message delivered to three mailboxes counts once)
 * @param now                the moment the corpus pretends to be written; every receivedAt is before it
 */
public record CorpusSpec(long seed, int domains, int mailboxesPerDomain, int messages, Instant now) {
    /** Mail is up to 60 days old, so {@code now} needs at least that much history before it. */
    static final Duration OLDEST = Duration.ofDays(60);
    /** Keeps the tree to a size a file system and a test run can hold. */
    static final int MAX_MAILBOXES = 100_000;

    public CorpusSpec {
        Objects.requireNonNull(now, "now");
        if (domains < 1) {
            throw new IllegalArgumentException("domains must be at least 1, was " + domains);
        }
        if (mailboxesPerDomain < 1) {
            throw new IllegalArgumentException("mailboxesPerDomain must be at least 1, was " + mailboxesPerDomain);
        }
        if ((long) domains * mailboxesPerDomain > MAX_MAILBOXES) {
            throw new IllegalArgumentException("domains × mailboxesPerDomain must be at most " + MAX_MAILBOXES
                    + ", was " + (long) domains * mailboxesPerDomain);
        }
        if (messages < 0) {
            throw new IllegalArgumentException("messages must not be negative, was " + messages);
        }
        if (now.getEpochSecond() <= OLDEST.getSeconds() + Duration.ofDays(1).getSeconds()) {
            throw new IllegalArgumentException("now must be more than 61 days after the epoch, was " + now);
        }
    }

    public int mailboxes() {
        return domains * mailboxesPerDomain;
    }
}
