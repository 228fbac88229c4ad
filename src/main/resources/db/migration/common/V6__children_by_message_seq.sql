-- The tables import writes beside each message refer to it by its seq (a BIGINT the database hands
-- out in insertion order), no longer by its Investigate id (a 40-character text derived from the
-- message's content, so in no order at all). Their keys then grow at the end: an import appends to
-- the right-hand pages of each B-tree instead of touching a random page of it per row. On H2, whose
-- MVStore writes every page a batch touched again when it saves (copy-on-write), that took the
-- import of 100,000 messages from 9.7 GB written to 4.1 GB and from 915 to 1,660
-- messages/s (bench/README.md). The keys are also a fifth of the size.
--
-- Each table is copied to a new one and renamed, which both databases do alike (dropping a
-- primary key does not read the same on both). message_actions, written by jobs and not by
-- import, keeps the Investigate id.

CREATE TABLE message_recipients_v6 (
    message_seq BIGINT       NOT NULL,
    role        VARCHAR(8)   NOT NULL,
    position    INTEGER      NOT NULL,
    address     VARCHAR(320) NOT NULL,
    domain      VARCHAR(255) NOT NULL,
    name        VARCHAR(500),
    PRIMARY KEY (message_seq, role, position),
    CONSTRAINT message_recipients_message FOREIGN KEY (message_seq) REFERENCES messages (seq) ON DELETE CASCADE
);
INSERT INTO message_recipients_v6 (message_seq, role, position, address, domain, name)
    SELECT m.seq, r.role, r.position, r.address, r.domain, r.name FROM message_recipients r JOIN messages m ON m.id = r.message_id;
DROP TABLE message_recipients;
ALTER TABLE message_recipients_v6 RENAME TO message_recipients;
CREATE INDEX message_recipients_address ON message_recipients (address, message_seq);
CREATE INDEX message_recipients_domain ON message_recipients (domain, message_seq);

CREATE TABLE message_copies_v6 (
    id                VARCHAR(36)   NOT NULL PRIMARY KEY,   -- time-ordered (UUIDv7), so also appended at the end
    message_seq       BIGINT        NOT NULL,
    account_id        VARCHAR(32)   NOT NULL,
    copy_key          VARCHAR(64)   NOT NULL,
    recipient         VARCHAR(320)  NOT NULL,
    recipient_domain  VARCHAR(255)  NOT NULL,
    store             VARCHAR(16)   NOT NULL,
    mailbox           VARCHAR(1000) NOT NULL,
    folder            VARCHAR(200)  NOT NULL,
    location          VARCHAR(1000) NOT NULL,
    delivery_status   VARCHAR(16)   NOT NULL,
    imported_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT message_copies_message FOREIGN KEY (message_seq) REFERENCES messages (seq) ON DELETE CASCADE
);
INSERT INTO message_copies_v6 (id, message_seq, account_id, copy_key, recipient, recipient_domain, store, mailbox, folder,
                               location, delivery_status, imported_at)
    SELECT c.id, m.seq, c.account_id, c.copy_key, c.recipient, c.recipient_domain, c.store, c.mailbox, c.folder,
           c.location, c.delivery_status, c.imported_at
      FROM message_copies c JOIN messages m ON m.id = c.message_id;
DROP TABLE message_copies;
ALTER TABLE message_copies_v6 RENAME TO message_copies;
CREATE UNIQUE INDEX message_copies_copy_key ON message_copies (copy_key);
CREATE INDEX message_copies_message ON message_copies (message_seq);
CREATE INDEX message_copies_recipient ON message_copies (recipient, message_seq);
CREATE INDEX message_copies_recipient_domain ON message_copies (recipient_domain, message_seq);

CREATE TABLE message_link_domains_v6 (
    message_seq BIGINT       NOT NULL,
    domain      VARCHAR(255) NOT NULL,
    PRIMARY KEY (message_seq, domain),
    CONSTRAINT message_link_domains_message FOREIGN KEY (message_seq) REFERENCES messages (seq) ON DELETE CASCADE
);
INSERT INTO message_link_domains_v6 (message_seq, domain)
    SELECT m.seq, l.domain FROM message_link_domains l JOIN messages m ON m.id = l.message_id;
DROP TABLE message_link_domains;
ALTER TABLE message_link_domains_v6 RENAME TO message_link_domains;
CREATE INDEX message_link_domains_domain ON message_link_domains (domain, message_seq);

CREATE TABLE message_attachments_v6 (
    message_seq BIGINT        NOT NULL,
    position    INTEGER       NOT NULL,
    name        VARCHAR(1000),
    sha256      VARCHAR(64)   NOT NULL,
    size_bytes  BIGINT        NOT NULL,
    PRIMARY KEY (message_seq, position),
    CONSTRAINT message_attachments_message FOREIGN KEY (message_seq) REFERENCES messages (seq) ON DELETE CASCADE
);
INSERT INTO message_attachments_v6 (message_seq, position, name, sha256, size_bytes)
    SELECT m.seq, a.position, a.name, a.sha256, a.size_bytes FROM message_attachments a JOIN messages m ON m.id = a.message_id;
DROP TABLE message_attachments;
ALTER TABLE message_attachments_v6 RENAME TO message_attachments;

CREATE TABLE message_threats_v6 (
    message_seq    BIGINT       NOT NULL,
    position       INTEGER      NOT NULL,
    category       VARCHAR(200) NOT NULL,
    category_lower VARCHAR(200) NOT NULL,
    PRIMARY KEY (message_seq, position),
    CONSTRAINT message_threats_message FOREIGN KEY (message_seq) REFERENCES messages (seq) ON DELETE CASCADE
);
INSERT INTO message_threats_v6 (message_seq, position, category, category_lower)
    SELECT m.seq, t.position, t.category, t.category_lower FROM message_threats t JOIN messages m ON m.id = t.message_id;
DROP TABLE message_threats;
ALTER TABLE message_threats_v6 RENAME TO message_threats;
CREATE INDEX message_threats_category ON message_threats (category_lower, message_seq);
