-- PostgreSQL only: trigram indexes let `query` and `subject` (substring matches, LIKE '%term%')
-- use an index instead of scanning every message of the account. pg_trgm is a trusted extension
-- (PostgreSQL 13+), so the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX messages_search_text_trgm ON messages USING gin (search_text gin_trgm_ops);
CREATE INDEX messages_subject_trgm ON messages USING gin (subject_lower gin_trgm_ops);
