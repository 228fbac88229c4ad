package io.dragnet.engine;

import io.dragnet.store.Vendor;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Lets a node's engine transactions on the rows of jobs (claims, outcomes, hand-backs) run one at a
 * time on H2, and side by side on PostgreSQL.
 *
 * <p>H2 locks every row an UPDATE looks at before it re-checks the row's condition, and keeps the
 * lock until commit. A claim whose candidates went stale therefore holds rows another worker is
 * recording, while that worker holds rows the claim looks at next: a deadlock, seen under four
 * workers. PostgreSQL skips rows whose committed state fails the condition and needs no gate.
 * The embedded H2 serves one engine node, so a lock in the process is enough.
 */
final class WriteGate {
    private final ReentrantLock lock;

    private WriteGate(ReentrantLock lock) {
        this.lock = lock;
    }

    static WriteGate forVendor(Vendor vendor) {
        return new WriteGate(vendor == Vendor.H2 ? new ReentrantLock() : null);
    }

    <T> T through(Supplier<T> transaction) {
        if (lock == null) {
            return transaction.get();
        }
        lock.lock();
        try {
            return transaction.get();
        } finally {
            lock.unlock();
        }
    }

    void through(Runnable transaction) {
        through(() -> {
            transaction.run();
            return null;
        });
    }
}
