-- A sender search matches From or the envelope sender. Each of the four sender columns gets an
-- index that also orders by arrival, so a page of a campaign's messages reads the newest entries
-- of two indexes (SearchSql's ordered branches) instead of fetching and sorting every match.
DROP INDEX messages_account_from;
DROP INDEX messages_account_from_domain;
DROP INDEX messages_account_envelope_from;
CREATE INDEX messages_sender_from ON messages (account_id, from_address, received_at, seq);
CREATE INDEX messages_sender_from_domain ON messages (account_id, from_domain, received_at, seq);
CREATE INDEX messages_sender_envelope ON messages (account_id, envelope_from, received_at, seq);
CREATE INDEX messages_sender_envelope_domain ON messages (account_id, envelope_from_domain, received_at, seq);
