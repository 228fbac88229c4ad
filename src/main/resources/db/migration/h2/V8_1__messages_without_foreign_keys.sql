-- On H2, what PostgreSQL dropped in V4_1, V5_1 and V6_1: the foreign keys that refer to messages.
-- Messages are written only by IndexWriter, before their children in the same transaction, and are
-- never deleted one by one, so the keys guard nothing; H2 checked each child row's key with a
-- lookup in messages (a twentieth of an import's writer thread), and kept a second index on
-- message_copies (message_seq) for its key.
ALTER TABLE message_recipients DROP CONSTRAINT message_recipients_message;
ALTER TABLE message_copies DROP CONSTRAINT message_copies_message;
ALTER TABLE message_link_domains DROP CONSTRAINT message_link_domains_message;
ALTER TABLE message_attachments DROP CONSTRAINT message_attachments_message;
ALTER TABLE message_threats DROP CONSTRAINT message_threats_message;
-- H2 named the action log's key itself, so the name is looked up.
EXECUTE IMMEDIATE 'ALTER TABLE message_actions DROP CONSTRAINT ' || (
    SELECT QUOTE_IDENT(CONSTRAINT_NAME)
      FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS
     WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_NAME = 'MESSAGE_ACTIONS' AND CONSTRAINT_TYPE = 'FOREIGN KEY');

-- With nothing referring to it, the messages' Investigate id is kept unique by a unique index
-- rather than a primary key, which on H2 is the same thing (a table keyed by anything but one
-- integer column is stored by an internal row id, and its primary key is a unique index beside it),
-- except that an index can be dropped for a first import and built at its end (V8). The ids begin
-- with the postfix id, a hash, so their B-tree took each new message in a random page.
ALTER TABLE messages DROP PRIMARY KEY;
CREATE UNIQUE INDEX messages_id ON messages (id);
