-- A message's postfix id is unique in its account through a unique index instead of a constraint:
-- an index can be dropped for a first import and built once at its end, as the other indexes are
-- (DeferredIndexes, Importer). Each batch of an import used to look its messages up by this key;
-- a first import's writers know what they wrote (OwnWrites) and need no lookups, so upkeeping the
-- key row by row only rewrote pages all over its B-tree: its keys are hashes, in no order.
ALTER TABLE messages DROP CONSTRAINT messages_postfix_id_per_account;
CREATE UNIQUE INDEX messages_postfix_id ON messages (account_id, postfix_id);
