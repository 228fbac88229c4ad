-- Which stored copy each job row acts on, so the engine reaches the file or IMAP message
-- without searching again; and the index message it came from, for the action log.
ALTER TABLE bulk_job_messages ADD COLUMN message_ref VARCHAR(100);
ALTER TABLE bulk_job_messages ADD COLUMN copy_id VARCHAR(36);
CREATE INDEX bulk_job_messages_job_status ON bulk_job_messages (job_id, status);
