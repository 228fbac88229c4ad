package io.dragnet.index;

import java.util.List;

/**
 * What an import did.
 *
 * @param imported  new messages
 * @param newCopies copies found of messages already in the index (another mailbox's copy)
 * @param present   copies that were already in the index
 * @param rejected  files that are not mail or cannot be read, with the reason
 */
public record ImportReport(long imported, long newCopies, long present, List<Rejection> rejected, double seconds) {
    public record Rejection(String origin, String reason) {
    }

    public ImportReport {
        rejected = List.copyOf(rejected);
    }

    public long seen() {
        return imported + newCopies + present + rejected.size();
    }
}
