-- What V6's new tables need to be on PostgreSQL what their predecessors were: no foreign keys
-- (V5_1: each child row locked its message), the copies' room for in-place moves (V5_3) and their
-- recipients' trigram index (V5_5), and the primary keys under their usual names.
ALTER TABLE message_recipients DROP CONSTRAINT message_recipients_message;
ALTER TABLE message_copies DROP CONSTRAINT message_copies_message;
ALTER TABLE message_link_domains DROP CONSTRAINT message_link_domains_message;
ALTER TABLE message_attachments DROP CONSTRAINT message_attachments_message;
ALTER TABLE message_threats DROP CONSTRAINT message_threats_message;

ALTER INDEX message_recipients_v6_pkey RENAME TO message_recipients_pkey;
ALTER INDEX message_copies_v6_pkey RENAME TO message_copies_pkey;
ALTER INDEX message_link_domains_v6_pkey RENAME TO message_link_domains_pkey;
ALTER INDEX message_attachments_v6_pkey RENAME TO message_attachments_pkey;
ALTER INDEX message_threats_v6_pkey RENAME TO message_threats_pkey;

ALTER TABLE message_copies SET (fillfactor = 50);

DO $$
DECLARE
    trgm_schema text;
BEGIN
    SELECT n.nspname INTO trgm_schema
      FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pg_trgm';
    EXECUTE format('CREATE INDEX message_copies_recipient_trgm ON message_copies USING gin (recipient %I.gin_trgm_ops)'
                   ' WITH (gin_pending_list_limit = 32768)', trgm_schema);
END
$$;
