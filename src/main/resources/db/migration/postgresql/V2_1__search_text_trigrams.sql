-- PostgreSQL only: trigram indexes let `query` and `subject` (substring matches, LIKE '%term%')
-- use an index instead of scanning every message of the account. pg_trgm is a trusted extension
-- (PostgreSQL 13+), so the database owner may create it.
--
-- The extension may already exist in another schema (an installation that shares a database);
-- its operator class is then looked up where it is rather than assumed to be on the search path.
DO $$
DECLARE
    trgm_schema text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        CREATE EXTENSION pg_trgm SCHEMA public;
    END IF;
    SELECT n.nspname INTO trgm_schema
      FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pg_trgm';
    EXECUTE format('CREATE INDEX messages_search_text_trgm ON messages USING gin (search_text %I.gin_trgm_ops)', trgm_schema);
    EXECUTE format('CREATE INDEX messages_subject_trgm ON messages USING gin (subject_lower %I.gin_trgm_ops)', trgm_schema);
END
$$;
