-- The job engine: leases on job rows, the nodes that hold them, and what the action log needs.

-- Each running engine (a serve or worker process) heartbeats here. A node whose heartbeat is older
-- than the lease timeout is dead: its claimed rows go back to PENDING for another node.
CREATE TABLE engine_nodes (
    id            VARCHAR(64)  NOT NULL PRIMARY KEY,
    host          VARCHAR(255) NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- mailbox is copied from message_copies at discovery so rows can be claimed a mailbox at a time.
-- lease_node is the node that claimed the row (kept after the outcome: who processed it);
-- lease_token names one claim, so a node records outcomes only for rows it still holds;
-- claims counts them, so that only a row claimed before needs its action log checked for an entry;
-- claimed_at lets a live node find its own claims that no worker holds any more (a failed hand-back).
ALTER TABLE bulk_job_messages ADD COLUMN mailbox VARCHAR(1000);
ALTER TABLE bulk_job_messages ADD COLUMN claimed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE bulk_job_messages ADD COLUMN claims INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE bulk_job_messages ADD COLUMN lease_node VARCHAR(64);
ALTER TABLE bulk_job_messages ADD COLUMN lease_token VARCHAR(36);

-- The claim queries: a job's first claimable row in discovery order, then more of its mailbox.
DROP INDEX bulk_job_messages_job_status;
CREATE INDEX bulk_job_messages_job_status_seq ON bulk_job_messages (job_id, status, seq);
CREATE INDEX bulk_job_messages_job_mailbox ON bulk_job_messages (job_id, mailbox, status, seq);

-- The node discovering a job, so a job whose node died mid-discovery can be discovered again.
ALTER TABLE bulk_jobs ADD COLUMN discovery_node VARCHAR(64);

-- Which copy an action moved: a retried or reclaimed attempt logs an action at most once per job.
ALTER TABLE message_actions ADD COLUMN copy_id VARCHAR(36);
CREATE INDEX message_actions_job_copy ON message_actions (job_id, copy_id);
