package io.dragnet.index;

import io.dragnet.store.Database;

import java.time.Instant;
import java.util.List;

/**
 * Copies recorded twice under one key, which only a job acting while a first import loads the
 * index can cause: the import has dropped the copy keys' unique index (Importer), so a job that
 * moves a copy to a place the import then reads as well, or reads after the job put the copy there,
 * gives one file two rows, which the index's build at the end would refuse. With one writer (the
 * only case in which that index is dropped) one key is one place, so the rows are one copy: the
 * earliest is kept, since it is the one jobs know and the one they moved.
 */
final class CopiesRecordedTwice {
    private CopiesRecordedTwice() {
    }

    /**
     * Removes all but the earliest row of each copy key that has several, if any job acted since
     * the load began; otherwise none can have, and the table is not read.
     *
     * @return how many rows were removed
     */
    static int remove(Database database, Instant loadStarted) {
        return database.jdbi().inTransaction(handle -> {
            boolean jobsActed = handle.createQuery("SELECT 1 FROM message_actions WHERE completed_at >= :since")
                    .bind("since", loadStarted).setMaxRows(1).mapTo(Integer.class).findFirst().isPresent();
            if (!jobsActed) {
                return 0;
            }
            List<String> keys = handle.createQuery("SELECT copy_key FROM message_copies GROUP BY copy_key HAVING COUNT(*) > 1")
                    .mapTo(String.class).list();
            int removed = 0;
            for (String key : keys) {
                removed += handle.createUpdate("DELETE FROM message_copies WHERE copy_key = :key"
                                + " AND id <> (SELECT MIN(id) FROM message_copies WHERE copy_key = :key)")
                        .bind("key", key).execute();
            }
            return removed;
        });
    }
}
