-- Recording a Maildir move changes a copy's folder, location and delivery status, none of which
-- is indexed, and no longer its key (CopyLocation.nameKey): PostgreSQL can then write the new row
-- version into the same page without an entry in any of the table's five indexes (a HOT update),
-- if the page has room for it. A batch moves one mailbox's copies, which import wrote next to each
-- other, so every row of a page is updated in one transaction, while the old versions still count:
-- the page needs as much room free as its rows take. Pages written from now on keep half free
-- (existing ones get it when VACUUM FULL rewrites the table); the copies' update was the largest
-- part of a Maildir job's time in PostgreSQL, and with it in place a job ran about 1.5x as fast
-- (bench/README.md).
ALTER TABLE message_copies SET (fillfactor = 50);
