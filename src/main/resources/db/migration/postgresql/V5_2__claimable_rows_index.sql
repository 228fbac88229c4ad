-- Each job row is updated twice on its way through the engine (claimed, then done), and neither
-- update can be HOT, since both change the status, so every index of the table gets a new entry
-- each time: index insertions were most of PostgreSQL's time while a job ran (bench/README.md).
--
-- Claims look only for claimable rows, so their index need hold only PENDING rows: PostgreSQL adds
-- an entry to a partial index only for a row version that satisfies its predicate, so claimed
-- and finished rows cost it nothing, and it stays as small as the work left. The unique index on
-- seq checked nothing an identity column does not already ensure, and no query reads it.
DROP INDEX bulk_job_messages_job_mailbox;
CREATE INDEX bulk_job_messages_claimable ON bulk_job_messages (job_id, mailbox, seq) WHERE status = 'PENDING';
ALTER TABLE bulk_job_messages DROP CONSTRAINT bulk_job_messages_seq_key;
