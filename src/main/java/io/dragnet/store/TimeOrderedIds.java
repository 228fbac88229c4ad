package io.dragnet.store;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

import java.util.UUID;

/**
 * Ids for rows written in bulk: UUIDv7 (RFC 9562), whose leading bits are the time in
 * milliseconds. A B-tree keyed by random ids takes each new row in a random page, which a big
 * table rarely has cached (and, on H2's copy-on-write store, rewrites at its next save); these
 * land at the right end, where the last row went.
 */
public final class TimeOrderedIds {
    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private TimeOrderedIds() {
    }

    public static UUID next() {
        return GENERATOR.generate();
    }
}
