-- The definitions of indexes a bulk load dropped and has not yet built again (DeferredIndexes).
-- The load renews held_until while it runs; a start that finds a definition whose time has passed
-- builds the index, since the load that dropped it died.
CREATE TABLE deferred_indexes (
    name        VARCHAR(200)  NOT NULL PRIMARY KEY,
    definition  VARCHAR(4000) NOT NULL,
    held_until  TIMESTAMP WITH TIME ZONE NOT NULL
);
