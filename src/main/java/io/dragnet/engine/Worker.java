package io.dragnet.engine;

import io.dragnet.index.CopyLocation.Store;
import io.dragnet.job.JobRepository;
import io.dragnet.mailbox.Connectors;
import io.dragnet.mailbox.CopyOutcome;
import io.dragnet.mailbox.CopyRef;
import io.dragnet.mailbox.MailboxConnector;
import io.dragnet.store.Database;
import io.dragnet.store.Vendor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;

/**
 * One step of the engine at a time: discover a waiting job, or claim a mailbox's rows, act on
 * them through the connector and record the outcomes. {@link Engine} runs workers on threads;
 * a test calls {@link #poll()} itself, with its own clock, and sees every step.
 */
public final class Worker {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    /**
     * Claims of a row that recorded nothing before the engine stops acting on it: enough to ride out
     * a node's crash or a store that went away, few enough that a batch whose outcome can never be
     * recorded (a connector reporting a place the index cannot hold) ends instead of looping.
     */
    static final int GIVE_UP_AFTER_UNRECORDED = 3;
    /**
     * How many times a connector's bound on its act ({@link MailboxConnector#longestAct}) the
     * database waits for a locked batch before it ends the transaction: the bound is the
     * connector's reckoning, and a batch ended early is acted on again for nothing.
     */
    static final int IDLE_BOUNDS = 2;
    /**
     * The shortest such wait, whatever the bound: between its statements the transaction also waits
     * for the worker's own work (and a garbage collection's pause), and a claim whose copies no
     * connector serves has a bound of zero.
     */
    static final Duration SHORTEST_IDLE = Duration.ofSeconds(1);

    private final Database database;
    private final Discovery discovery;
    private final RowClaims claims;
    private final OutcomeRecorder recorder;
    private final Connectors connectors;
    private final Clock clock;
    private final int batchSize;
    private final ActionThrottle throttle;
    private final Set<String> inFlight;
    private final WriteGate gate;

    public Worker(Database database, String nodeId, Connectors connectors, EngineConfig config, Clock clock) {
        this(database, nodeId, connectors, config, clock, () -> ThreadLocalRandom.current().nextDouble(),
                ActionThrottle.of(config.maxRate()), ConcurrentHashMap.newKeySet(), WriteGate.forVendor(database.vendor()));
    }

    /**
     * @param random   the jitter of retry delays, in [0, 1)
     * @param throttle shared by the node's workers
     * @param inFlight what the node's workers hold, shared by them: the lease token of each claim
     *                 in hand, from before its rows carry it until they no longer do, and the id of
     *                 each job being discovered
     * @param gate     shared by the node's workers and its housekeeping
     */
    Worker(Database database, String nodeId, Connectors connectors, EngineConfig config, Clock clock, DoubleSupplier random,
           ActionThrottle throttle, Set<String> inFlight, WriteGate gate) {
        this.database = database;
        this.discovery = new Discovery(database, new JobRepository(database), nodeId, inFlight);
        this.claims = new RowClaims(database, nodeId);
        this.recorder = new OutcomeRecorder(database, config.retry(), random);
        this.connectors = connectors;
        this.clock = clock;
        this.batchSize = config.batchSize();
        this.throttle = throttle;
        this.inFlight = inFlight;
        this.gate = gate;
    }

    /** @return whether there was work; false means the caller may wait before polling again */
    public boolean poll() {
        Optional<RowClaims.PendingJob> pending = claims.nextPendingJob();
        if (pending.isPresent()) {
            discover(pending.get());
            return true;
        }
        String token = UUID.randomUUID().toString();
        inFlight.add(token);
        try {
            return process(token);
        } finally {
            inFlight.remove(token);
        }
    }

    private boolean process(String token) {
        if (database.vendor() != Vendor.POSTGRESQL) {
            Optional<Claim> claim = gate.through(() -> claims.claim(token, now(), batchSize));
            return claim.isPresent() && actAndRecord(claim.get());
        }
        AtomicReference<Claim> acted = new AtomicReference<>();
        Optional<Claim> claim;
        try {
            claim = database.jdbi().inTransaction(handle -> {
                Optional<Claim> locked = claims.lock(handle, token, now(), batchSize);
                Optional<Duration> longest = locked.flatMap(this::longestAct);
                if (longest.isEmpty()) {
                    return locked.map(rows -> claims.lease(handle, rows, now()));
                }
                // act while the rows are locked and record in the same transaction: each row is written
                // once, and a crash before the commit leaves the rows as they were, claimable again
                Duration idle = longest.get().multipliedBy(IDLE_BOUNDS);
                claims.endIfIdleLongerThan(handle, idle.compareTo(SHORTEST_IDLE) < 0 ? SHORTEST_IDLE : idle);
                Map<UUID, CopyOutcome> outcomes = act(locked.get());
                acted.set(locked.get());
                recorder.record(handle, locked.get(), outcomes, now());
                return locked;
            });
        } catch (RuntimeException e) {
            if (acted.get() != null) {
                countUnrecorded(acted.get(), e);
            }
            throw e;
        }
        if (claim.isEmpty()) {
            return false;
        }
        return claim.get().hold() == Claim.Hold.LOCKED || actAndRecord(claim.get());
    }

    /**
     * The longest acting on the claim can take, if every connector it needs bounds its time
     * ({@link MailboxConnector#longestAct}) and the node's rate has no cap, whose wait would keep
     * the transaction open; empty if the rows must be leased instead.
     */
    private Optional<Duration> longestAct(Claim claim) {
        if (!throttle.unlimited()) {
            return Optional.empty();
        }
        Duration longest = Duration.ZERO;
        // the rows share the claim's mailbox, so their stores alone decide their connectors
        for (Store store : claim.rows().stream().filter(Claim.Row::copyKnown).map(Claim.Row::store).distinct().toList()) {
            MailboxConnector connector = connectors.of(store, claim.mailbox());
            if (connector != null) {
                Optional<Duration> bound = connector.longestAct();
                if (bound.isEmpty()) {
                    return Optional.empty();
                }
                longest = bound.get().compareTo(longest) > 0 ? bound.get() : longest;
            }
        }
        return Optional.of(longest);
    }

    /**
     * Acts on leased rows outside any transaction, then records the outcomes.
     *
     * @return false if interrupted while waiting for the node's rate: the rows are handed back
     */
    private boolean actAndRecord(Claim claim) {
        Map<UUID, CopyOutcome> outcomes;
        try {
            throttle.acquire(claim.rows().size());
            outcomes = act(claim);
        } catch (InterruptedException e) {
            gate.through(() -> claims.release(claim));
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            gate.through(() -> recorder.record(claim, outcomes, now()));
        } catch (RuntimeException e) {
            // Hand the rows back now rather than at the lease timeout; their next attempt finds each
            // copy where this one left it. If the store refuses this too, the node's housekeeping
            // hands them back once it is reachable again (NodeRegistry.reclaimOrphans).
            countUnrecorded(claim, e);
            throw e;
        }
        return true;
    }

    private void countUnrecorded(Claim claim, RuntimeException e) {
        try {
            gate.through(() -> claims.unrecorded(claim, e));
        } catch (RuntimeException countFailed) {
            e.addSuppressed(countFailed);
        }
    }

    /** Polls until there is nothing to do now; for tests and tools that drive the engine by hand. */
    public int drain() {
        int steps = 0;
        while (poll()) {
            steps++;
        }
        return steps;
    }

    private void discover(RowClaims.PendingJob job) {
        try {
            discovery.discover(job.accountId(), job.jobId(), now());
        } catch (RuntimeException e) {
            LOG.error("Discovery of job {} failed", job.jobId(), e);
            try {
                discovery.fail(job.jobId(), "the database reported " + e.getClass().getSimpleName() + ".", now());
            } catch (RuntimeException failFailed) {
                // the store is unreachable: the job stays DISCOVERING under this node until its
                // housekeeping hands it back to PENDING (NodeRegistry.reclaimOrphans)
                LOG.error("Could not mark job {} failed; it is retried once the store answers", job.jobId(), failFailed);
            }
        }
    }

    /** One outcome per claimed row, whatever the connector does. */
    private Map<UUID, CopyOutcome> act(Claim claim) {
        Map<UUID, CopyOutcome> outcomes = new HashMap<>();
        Map<Store, List<CopyRef>> byStore = new EnumMap<>(Store.class);
        for (Claim.Row row : claim.rows()) {
            if (!row.copyKnown()) {
                outcomes.put(row.id(), new CopyOutcome.Failed(row.id().toString(),
                        "The copy is no longer in the message index, so where it is stored is unknown."));
            } else if (row.unrecordedClaims() >= GIVE_UP_AFTER_UNRECORDED) {
                // acting again would end as the last attempts did: fail the row, which records nothing else
                outcomes.put(row.id(), new CopyOutcome.Failed(row.id().toString(), "Gave up after " + row.unrecordedClaims()
                        + " attempts whose outcome was never recorded; the copy may or may not have been moved."
                        + (row.note() == null ? "" : " The last error: " + row.note())));
            } else {
                byStore.computeIfAbsent(row.store(), s -> new ArrayList<>()).add(new CopyRef(row.id().toString(), row.folder(), row.location(), row.messageId()));
            }
        }
        byStore.forEach((store, copies) -> {
            MailboxConnector connector = connectors.of(store, claim.mailbox());
            List<CopyOutcome> results;
            if (connector == null) {
                results = copies.stream().<CopyOutcome>map(c -> new CopyOutcome.Failed(c.id(), Connectors.whyNone(store))).toList();
            } else {
                results = actSafely(connector, claim, copies);
            }
            results.forEach(outcome -> outcomes.put(UUID.fromString(outcome.copyId()), outcome));
        });
        for (Claim.Row row : claim.rows()) {
            outcomes.computeIfAbsent(row.id(), id -> new CopyOutcome.RetryLater(id.toString(),
                    "The connector reported nothing for this copy.", null));
        }
        return outcomes;
    }

    /** A connector reports failures as outcomes; one that throws anyway fails the batch transiently, not the worker. */
    private static List<CopyOutcome> actSafely(MailboxConnector connector, Claim claim, List<CopyRef> copies) {
        try {
            return connector.act(claim.mailbox(), claim.action(), copies);
        } catch (RuntimeException e) {
            LOG.warn("Connector failed on mailbox {} of job {}", claim.mailbox(), claim.jobId(), e);
            return copies.stream().<CopyOutcome>map(c -> new CopyOutcome.RetryLater(c.id(), "Connector error: " + e, null)).toList();
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
