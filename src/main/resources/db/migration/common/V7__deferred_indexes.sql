-- The definitions of indexes a bulk load dropped and has not yet built again (DeferredIndexes):
-- an import that dies leaves them here, and the next start builds them.
CREATE TABLE deferred_indexes (
    name        VARCHAR(200)  NOT NULL PRIMARY KEY,
    definition  VARCHAR(4000) NOT NULL
);
