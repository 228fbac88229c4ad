package io.dragnet.engine;

import io.dragnet.mailbox.Connectors;
import io.dragnet.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The job engine of one node: worker threads that poll for work and a housekeeping thread that
 * heartbeats and reclaims the work of dead nodes. Any number of nodes may share a PostgreSQL
 * store; nothing here assumes it is alone.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    /** How often connectors' upkeep runs: it walks every mailbox, so not at every heartbeat. */
    private static final Duration UPKEEP_INTERVAL = Duration.ofMinutes(10);

    private final EngineConfig config;
    private final NodeRegistry nodes;
    private final List<Thread> workers = new ArrayList<>();
    private final ScheduledExecutorService housekeeping;
    private final Object signal = new Object();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final WriteGate gate;
    private final Clock clock;
    private final Connectors connectors;
    private volatile boolean stopping;
    private Instant nextUpkeep = Instant.MIN;

    private Engine(Database database, EngineConfig config, Connectors connectors, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.gate = WriteGate.forVendor(database.vendor());
        this.connectors = connectors;
        String host = hostName();
        String nodeId = (host.length() > 40 ? host.substring(0, 40) : host) + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.nodes = new NodeRegistry(database, nodeId, host);
        nodes.heartbeat(clock.instant());
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "dragnet-heartbeat"));
        long every = config.heartbeatInterval().toMillis();
        housekeeping.scheduleWithFixedDelay(this::housekeep, 0, every, TimeUnit.MILLISECONDS);
        ActionThrottle throttle = ActionThrottle.of(config.maxRate());
        for (int i = 0; i < config.workers(); i++) {
            Worker worker = new Worker(database, nodeId, connectors, config, clock, () -> ThreadLocalRandom.current().nextDouble(),
                    throttle, inFlight, gate);
            Thread thread = new Thread(() -> run(worker), "dragnet-worker-" + i);
            workers.add(thread);
            thread.start();
        }
        LOG.info("Engine node {} started with {} workers", nodeId, config.workers());
    }

    /** Starts the engine, or returns null when the configuration asks for no workers. */
    public static Engine start(Database database, EngineConfig config, Connectors connectors, Clock clock) {
        return config.workers() == 0 ? null : new Engine(database, config, connectors, clock);
    }

    /** Work arrived on this node (a job was created): idle workers look now instead of at their next poll. */
    public void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void run(Worker worker) {
        while (!stopping) {
            boolean worked;
            try {
                worked = worker.poll();
            } catch (RuntimeException e) {
                // the store is down or a statement failed: wait, as an idle worker would, and try again
                LOG.error("Worker step failed; retrying after {}", config.pollInterval(), e);
                worked = false;
            }
            if (!worked) {
                synchronized (signal) {
                    if (!stopping) {
                        try {
                            signal.wait(config.pollInterval().toMillis());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            }
        }
    }

    private void housekeep() {
        try {
            nodes.heartbeat(clock.instant());
            int reclaimed = gate.through(() -> nodes.reclaim(clock.instant(), config.leaseTimeout())
                    + nodes.reclaimOrphans(clock.instant(), config.leaseTimeout(), inFlight));
            gate.through(() -> nodes.cancelStranded(clock.instant()));
            if (reclaimed > 0) {
                wake();
            }
            if (clock.instant().isAfter(nextUpkeep)) {
                connectors.housekeep();
                nextUpkeep = clock.instant().plus(UPKEEP_INTERVAL);
            }
        } catch (RuntimeException e) {
            LOG.error("Heartbeat failed; this node's claims expire after {} without one", config.leaseTimeout(), e);
        }
    }

    /**
     * Stops claiming, lets each worker finish the batch in hand and record it, closes the
     * connectors (logging out of IMAP servers), then leaves the cluster.
     */
    @Override
    public void close() {
        stopping = true;
        wake();
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        housekeeping.shutdownNow();
        try {
            housekeeping.awaitTermination(10, TimeUnit.SECONDS);
            connectors.close();
            nodes.leave();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The embedded H2 closes itself in its own shutdown hook, which may run before this one.
            // Nothing is lost: a node that did not leave is reclaimed like a dead one.
            LOG.info("Could not deregister the node, the store being closed or unreachable; its heartbeat will expire instead");
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
