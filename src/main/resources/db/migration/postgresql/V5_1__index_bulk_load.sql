-- Import writes the index in bulk, and two things PostgreSQL does per row made it the slowest part
-- of an import (measured at 100,000 messages, bench/README.md):
--
-- 1. Each child row's foreign key is checked by locking its message (SELECT … FOR KEY SHARE), a
--    write to the messages table for every recipient, copy, link, attachment and threat: an
--    eighth of the import's time. The index is written only by IndexWriter, which inserts a
--    message before its children in the same transaction, and messages are never deleted one by
--    one, so the keys guard nothing the writer does not already ensure (as V4_1 found for the
--    action log).
-- 2. A trigram GIN index takes new entries into a pending list and merges it into the index when
--    it outgrows gin_pending_list_limit (4 MB by default). Merging is cheaper per entry the more
--    there are to merge: at 32 MB the trigram indexes cost a fraction of what they did. Import
--    merges what is left when it ends (gin_clean_pending_list), so searches do not read a long
--    pending list afterwards.
ALTER TABLE message_recipients DROP CONSTRAINT message_recipients_message_id_fkey;
ALTER TABLE message_copies DROP CONSTRAINT message_copies_message_id_fkey;
ALTER TABLE message_link_domains DROP CONSTRAINT message_link_domains_message_id_fkey;
ALTER TABLE message_attachments DROP CONSTRAINT message_attachments_message_id_fkey;
ALTER TABLE message_threats DROP CONSTRAINT message_threats_message_id_fkey;
ALTER INDEX messages_search_text_trgm SET (gin_pending_list_limit = 32768);
ALTER INDEX messages_subject_trgm SET (gin_pending_list_limit = 32768);
