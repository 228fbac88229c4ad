package io.dragnet.engine;

import io.dragnet.job.JobRepository;
import io.dragnet.store.Database;
import io.dragnet.store.Dialect;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The engine nodes sharing a store, and what happens to the work of one that stops without
 * saying so: its heartbeat ages past the lease timeout, and any live node hands its claimed rows
 * back (PENDING, or CANCELLED in a cancelled job) and its half-discovered jobs back to PENDING.
 */
final class NodeRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRegistry.class);

    private static final String UNREPORTED = "The job was cancelled while this copy was being acted on, and the attempt"
            + " never reported back: the copy may or may not have been moved.";

    private final Database database;
    private final String nodeId;
    private final String host;

    NodeRegistry(Database database, String nodeId, String host) {
        this.database = database;
        this.nodeId = nodeId;
        this.host = host;
    }

    /** Registers the node, or renews its heartbeat; a node given up for dead registers again. */
    void heartbeat(Instant now) {
        database.jdbi().useHandle(handle -> {
            int renewed = handle.createUpdate("UPDATE engine_nodes SET heartbeat_at = :now WHERE id = :node")
                    .bind("now", now).bind("node", nodeId).execute();
            if (renewed == 0) {
                handle.createUpdate("INSERT INTO engine_nodes (id, host, started_at, heartbeat_at) VALUES (:node, :host, :now, :now)")
                        .bind("node", nodeId).bind("host", host).bind("now", now).execute();
            }
        });
    }

    /** A node that stops cleanly has finished its claims; it leaves nothing to reclaim. */
    void leave() {
        database.jdbi().useHandle(handle -> handle.createUpdate("DELETE FROM engine_nodes WHERE id = :node")
                .bind("node", nodeId).execute());
    }

    /** @return the rows handed back */
    int reclaim(Instant now, Duration leaseTimeout) {
        Instant cutoff = now.minus(leaseTimeout);
        List<String> dead = database.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT id FROM engine_nodes WHERE heartbeat_at < :cutoff AND id <> :self")
                .bind("cutoff", cutoff).bind("self", nodeId)
                .mapTo(String.class).list());
        int reclaimed = 0;
        for (String node : dead) {
            reclaimed += reclaim(node, now);
        }
        return reclaimed;
    }

    private int reclaim(String deadNode, Instant now) {
        return database.jdbi().inTransaction(handle -> {
            HandBack handedBack = handBack(handle, database.dialect(), "lease_node = :node", Map.of("node", deadNode), now);
            int rows = handedBack.rows();
            int discoveries = handBackDiscoveries(handle, "", Map.of("node", deadNode));
            // rows skipped because another transaction held them (a delete, a late report) keep
            // the node registered, so that the next heartbeat looks at them again
            if (!handedBack.skipped()) {
                handle.createUpdate("DELETE FROM engine_nodes WHERE id = :node").bind("node", deadNode).execute();
            }
            if (rows + discoveries > 0) {
                LOG.warn("Node {} stopped heartbeating; handed back {} claimed rows and {} jobs in discovery", deadNode, rows,
                        discoveries);
            }
            return rows;
        });
    }

    /**
     * Hands back this node's own claims and discoveries that none of its workers holds (a worker
     * that could not record its outcomes, nor hand the rows back, nor mark a failed discovery
     * failed, because the store failed). Only claims and discoveries older than the lease timeout
     * count, so one being started while this runs is never taken.
     *
     * @param inFlight the lease tokens and the ids of jobs in discovery the node's workers hold now
     * @return the rows and jobs handed back
     */
    int reclaimOrphans(Instant now, Duration leaseTimeout, Set<String> inFlight) {
        String[] held = inFlight.toArray(String[]::new);
        Instant cutoff = now.minus(leaseTimeout);
        int rows = database.jdbi().inTransaction(handle -> handBack(handle, database.dialect(),
                "lease_node = :node AND claimed_at < :cutoff AND NOT (lease_token = ANY(:inFlight))",
                Map.of("node", nodeId, "cutoff", cutoff, "inFlight", held), now).rows());
        int discoveries = database.jdbi().withHandle(handle -> handBackDiscoveries(handle,
                " AND started_at < :cutoff AND NOT (CAST(id AS VARCHAR(36)) = ANY(:inFlight))",
                Map.of("node", nodeId, "cutoff", cutoff, "inFlight", held)));
        if (rows + discoveries > 0) {
            LOG.warn("Handed back {} rows this node claimed and {} jobs it was discovering, which no worker holds", rows,
                    discoveries);
        }
        return rows + discoveries;
    }

    /**
     * Cancels the PENDING rows of cancelled jobs that no batch holds. A cancel skips the rows a
     * batch holds locked (PostgreSQL), for that batch records them; if it never does (its node
     * died, or its transaction failed and rolled back), nothing else would end them, and the
     * cancelled job would count them pending for good. Rows still locked are left to their batch.
     *
     * @return the rows cancelled
     */
    int cancelStranded(Instant now) {
        return database.jdbi().inTransaction(handle -> {
            List<UUID> jobs = handle.createQuery("SELECT id FROM bulk_jobs WHERE status = 'CANCELLED' AND messages_pending > 0")
                    .mapTo(UUID.class).list();
            int rows = 0;
            for (UUID job : jobs) {
                int cancelled = JobRepository.cancelPendingRows(handle, database.dialect(), job, now, UNREPORTED);
                if (cancelled > 0) {
                    LOG.warn("Cancelled {} rows of cancelled job {} whose attempt never reported back", cancelled, job);
                }
                rows += cancelled;
            }
            return rows;
        });
    }

    /** Jobs a node was discovering ({@code :node}, narrowed by {@code which}) go back to PENDING, to be discovered again. */
    private static int handBackDiscoveries(Handle handle, String which, Map<String, Object> binds) {
        return handle.createUpdate("UPDATE bulk_jobs SET status = 'PENDING', started_at = NULL, discovery_node = NULL"
                        + " WHERE status = 'DISCOVERING' AND discovery_node = :node" + which)
                .bindMap(binds).execute();
    }

    /**
     * Claimed rows chosen by {@code which} go back to PENDING for another attempt, or to CANCELLED
     * in a cancelled job. Only jobs with pending rows can have rows in flight: a bounded scan of
     * the jobs, with no index on the lease columns to slow every claim down.
     */
    private static HandBack handBack(Handle handle, Dialect dialect, String which, Map<String, Object> binds, Instant now) {
        List<UUID> jobs = handle.createQuery("SELECT id FROM bulk_jobs WHERE messages_pending > 0 ORDER BY seq")
                .mapTo(UUID.class).list();
        String claimedRows = "job_id = :job AND status = 'PROCESSING' AND " + which;
        int rows = 0;
        boolean skipped = false;
        for (UUID job : jobs) {
            // Look before locking: housekeeping runs this at every heartbeat and there is almost never
            // anything to hand back, while the look reads an entry for every row the job has claimed
            // since the table was last vacuumed. Under the job row's lock, which every worker's
            // record takes, it held each of them for over a second a heartbeat at 1,000,000 rows.
            if (!anyOf(handle, claimedRows, job, binds)) {
                continue;
            }
            // under the job row's lock, rows a delete is removing are skipped, not waited for: the
            // delete takes the job row after its rows, and waiting for them would deadlock
            String unlocked = dialect.unlocked("bulk_job_messages", claimedRows);
            String status = handle.createQuery("SELECT status FROM bulk_jobs WHERE id = :job FOR UPDATE")
                    .bind("job", job).mapTo(String.class).findOne().orElse(null);
            if ("PROCESSING".equals(status)) {
                // the attempt may or may not have happened: the next one finds out, as connectors treat "already there" as done
                rows += handle.createUpdate("UPDATE bulk_job_messages SET status = 'PENDING', lease_token = NULL WHERE " + unlocked)
                        .bind("job", job).bindMap(binds).execute();
            } else if ("CANCELLED".equals(status)) {
                int cancelled = handle.createUpdate("UPDATE bulk_job_messages SET status = 'CANCELLED', lease_token = NULL,"
                                + " processed_at = :now, status_message = :message WHERE " + unlocked)
                        .bind("job", job).bind("now", now).bind("message", UNREPORTED).bindMap(binds).execute();
                JobRepository.countCancelled(handle, job, cancelled);
                rows += cancelled;
            } else {
                continue;
            }
            skipped |= anyOf(handle, claimedRows, job, binds);
        }
        return new HandBack(rows, skipped);
    }

    /** @param skipped whether some of the rows were held by another transaction, and are left for a later look */
    private record HandBack(int rows, boolean skipped) {
    }

    private static boolean anyOf(Handle handle, String rows, UUID job, Map<String, Object> binds) {
        return handle.createQuery("SELECT 1 FROM bulk_job_messages WHERE " + rows + " LIMIT 1")
                .bind("job", job).bindMap(binds).mapTo(Integer.class).findOne().isPresent();
    }
}
