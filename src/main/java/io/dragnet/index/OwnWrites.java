package io.dragnet.index;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one writer of an import into an empty index has written: each message's seq by postfix
 * id, and each copy's folder by key. While the index held nothing else, that is all the index
 * holds of the writer's messages (an import sends all of a message's files to one writer,
 * {@link PartitionedWriters}), so a batch learns which of its keys exist from here, without the
 * two lookups per batch that were a quarter of an H2 import's writer thread (bench/README.md).
 *
 * <p>Bounded: past {@link #limit} entries it forgets everything and says so ({@link #knowsAll}),
 * and the writer looks keys up in the database again, as an import into a filled index always does.
 * The indexes of those keys, which a first import builds at its end, must then exist: it has them
 * built before it forgets ({@code beforeForgetting}). Used by one writer thread only.
 */
final class OwnWrites {
    /** About what one entry costs: a key of up to 64 characters, a value and a hash map's node. */
    private static final long BYTES_PER_ENTRY = 200;
    /** How many entries a writer keeps: a sixteenth of the heap. */
    static final long DEFAULT_LIMIT = Runtime.getRuntime().maxMemory() / 16 / BYTES_PER_ENTRY;

    private final Map<String, Long> seqs = new HashMap<>();
    private final Map<String, String> folders = new HashMap<>();
    private final long limit;
    private final Runnable beforeForgetting;
    private boolean knowsAll;

    private OwnWrites(boolean knowsAll, long limit, Runnable beforeForgetting) {
        this.knowsAll = knowsAll;
        this.limit = limit;
        this.beforeForgetting = beforeForgetting;
    }

    /** For an import into a filled index, which must look every key up. */
    static OwnWrites none() {
        return new OwnWrites(false, 0, () -> { });
    }

    /**
     * For an import into an empty index: forgets past this many entries.
     *
     * @param beforeForgetting makes the lookups that follow possible (builds their indexes); runs once, if ever
     */
    static OwnWrites ofEmptyIndex(long limit, Runnable beforeForgetting) {
        return new OwnWrites(true, limit, beforeForgetting);
    }

    /** Whether every key this writer's batches can hit is here, so a key not here is in no row. */
    boolean knowsAll() {
        return knowsAll;
    }

    /** The seqs of those of these messages that were written, by postfix id. */
    Map<String, Long> seqs(List<String> postfixIds) {
        return among(seqs, postfixIds);
    }

    /** The folders of those of these copies that were written, by key. */
    Map<String, String> folders(List<String> keys) {
        return among(folders, keys);
    }

    private static <V> Map<String, V> among(Map<String, V> written, List<String> keys) {
        Map<String, V> found = new HashMap<>();
        for (String key : keys) {
            V value = written.get(key);
            if (value != null) {
                found.put(key, value);
            }
        }
        return found;
    }

    /** Called once a batch has committed, never before: a batch rolled back wrote nothing. */
    void remember(Map<String, Long> newSeqs, Map<String, String> newFolders) {
        if (!knowsAll) {
            return;
        }
        seqs.putAll(newSeqs);
        folders.putAll(newFolders);
        if (seqs.size() + folders.size() > limit) {
            beforeForgetting.run();
            knowsAll = false;
            seqs.clear();
            folders.clear();
        }
    }
}
