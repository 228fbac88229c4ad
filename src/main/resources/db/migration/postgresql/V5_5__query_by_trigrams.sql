-- `query` looks for each term in the message's haystack (messages.search_text) or in the address
-- of a mailbox holding a copy (message_copies.recipient). It was an OR of the haystack's LIKE and
-- an EXISTS over the copies, and no index serves such an OR: PostgreSQL walked every message of
-- the window and scanned the copies, whatever V2_1's trigram index held (443 ms for an absent
-- hash at 100,000 messages). SearchSql now asks for the messages of either side by id, so each
-- side is a substring match one trigram index answers; this is the copies' one (1 ms).
--
-- Like V2_1, pg_trgm's operator class is looked up in whatever schema holds the extension.
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
