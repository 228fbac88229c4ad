package io.dragnet.index;

import io.dragnet.store.Database;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The writing end of an import: several writer threads, each with its own transaction, so that
 * PostgreSQL works on more than one core. A message always goes to the same writer (by its postfix
 * id), so two transactions never race to insert one message, and the copies of a message are
 * written after it by the writer that wrote it: the writers never wait for each other's rows.
 *
 * <p>{@link #accept} is called by one thread; each writer holds at most one batch in hand and a few
 * queued, so memory stays bounded by the batch size times the number of writers.
 */
final class PartitionedWriters {
    /**
     * Batches waiting for each writer. One was too few: a writer that stops for a second (merging a
     * GIN pending list, refreshing statistics) blocked the feeder on its queue, and the other
     * writer then ran dry; four absorb such stalls.
     */
    private static final int QUEUED_BATCHES = 4;

    /** Progress after each batch: copies written so far (new, added, present) and new messages. */
    interface Listener {
        void batchWritten(long seen, long imported);
    }

    private final IndexWriter writer;
    private final Database database;
    private final String accountId;
    private final Clock clock;
    private final int batchSize;
    private final List<String> lookupTables;
    private final Listener listener;
    private final List<List<IndexEntry>> pending = new ArrayList<>();
    private final List<BlockingQueue<List<IndexEntry>>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Set when the import ends early; writers are never interrupted, since H2 closes a file an interrupt lands in. */
    private volatile boolean stopped;
    private final AtomicInteger batchesWritten = new AtomicInteger();
    private final AtomicLong imported = new AtomicLong();
    private final AtomicLong newCopies = new AtomicLong();
    private final AtomicLong present = new AtomicLong();

    /**
     * @param memory what each writer learns what exists from: into an empty index, what it wrote
     *     ({@link OwnWrites#ofEmptyIndex}); otherwise nothing, so it looks keys up
     */
    PartitionedWriters(Database database, String accountId, Clock clock, int writers, int batchSize,
                       List<String> lookupTables, Supplier<OwnWrites> memory, Listener listener) {
        if (writers < 1) {
            throw new IllegalArgumentException("writers must be at least 1, not " + writers);
        }
        this.writer = new IndexWriter(database);
        this.database = database;
        this.accountId = accountId;
        this.clock = clock;
        this.batchSize = batchSize;
        this.lookupTables = lookupTables;
        this.listener = listener;
        for (int i = 0; i < writers; i++) {
            BlockingQueue<List<IndexEntry>> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
            pending.add(new ArrayList<>(batchSize));
            queues.add(queue);
            OwnWrites own = memory.get();
            Thread thread = new Thread(() -> drain(queue, own), "dragnet-import-writer-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    void accept(IndexEntry entry) {
        int partition = Math.floorMod(entry.identity().postfixId().hashCode(), queues.size());
        List<IndexEntry> batch = pending.get(partition);
        batch.add(entry);
        if (batch.size() >= batchSize) {
            pending.set(partition, new ArrayList<>(batchSize));
            hand(partition, batch);
        }
    }

    /** Writes what is left, stops the writers and rethrows the first failure of any of them. */
    void finish() {
        try {
            for (int partition = 0; partition < queues.size(); partition++) {
                if (!pending.get(partition).isEmpty()) {
                    hand(partition, pending.get(partition));
                }
                hand(partition, List.of()); // the end
            }
        } catch (RuntimeException | Error e) {
            stopped = true; // writers still waiting for a batch that will not come
            throw e;
        } finally {
            threads.forEach(PartitionedWriters::join);
        }
        rethrowFailure();
    }

    /** Stops the writers without writing what is pending: the feeding side failed. */
    void abandon() {
        stopped = true;
        threads.forEach(PartitionedWriters::join);
    }

    long imported() {
        return imported.get();
    }

    long newCopies() {
        return newCopies.get();
    }

    long present() {
        return present.get();
    }

    private void hand(int partition, List<IndexEntry> batch) {
        try {
            while (!queues.get(partition).offer(batch, 100, TimeUnit.MILLISECONDS)) {
                rethrowFailure();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("import interrupted", e);
        }
    }

    private void drain(BlockingQueue<List<IndexEntry>> queue, OwnWrites own) {
        try {
            while (!stopped) {
                List<IndexEntry> batch = queue.poll(100, TimeUnit.MILLISECONDS);
                if (batch == null) {
                    continue;
                }
                if (batch.isEmpty() || failure.get() != null) {
                    return; // the end, or another writer failed and the import is over
                }
                count(writer.write(accountId, batch, clock.instant(), own));
                int written = batchesWritten.incrementAndGet();
                if (database.dialect().plansFromStatistics()
                        && Integer.bitCount(written) == 1 && Integer.numberOfTrailingZeros(written) % 2 == 0) {
                    // after batches 1, 4, 16, 64…: the planner must know the tables grew, or the
                    // duplicate lookups of the next batches fall back to scans
                    database.analyze(lookupTables);
                }
                listener.batchWritten(imported.get() + newCopies.get() + present.get(), imported.get());
            }
        } catch (InterruptedException e) {
            failure.compareAndSet(null, e);
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
        }
    }

    private void count(List<IndexWriter.Outcome> outcomes) {
        for (IndexWriter.Outcome outcome : outcomes) {
            switch (outcome) {
                case NEW_MESSAGE -> imported.incrementAndGet();
                case NEW_COPY -> newCopies.incrementAndGet();
                case ALREADY_PRESENT -> present.incrementAndGet();
            }
        }
    }

    private void rethrowFailure() {
        rethrow(failure.get());
    }

    /** Rethrows what a writing thread failed with, in the importing thread; nothing when null. */
    static void rethrow(Throwable thrown) {
        if (thrown instanceof RuntimeException runtime) {
            throw runtime;
        } else if (thrown instanceof Error error) {
            throw error;
        } else if (thrown != null) {
            throw new IllegalStateException("import failed: " + thrown.getMessage(), thrown);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("import interrupted", e);
        }
    }
}
