package io.dragnet.index;

import io.dragnet.search.DeliveryStatus;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A parsed message ready to be written, with the copies it stands for.
 *
 * @param message what the file says, or null for a copy of a message the same import read in full
 *     from an earlier file ({@link #copyOfEarlier}): only its copies are written
 * @param recipients the owners of the copies: one copy row each
 */
record IndexEntry(ParsedMessage message, MessageIdentity identity, Instant receivedAt,
                  CopyLocation location, List<String> recipients, DeliveryStatus deliveryStatus) {
    IndexEntry {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(location, "location");
        recipients = List.copyOf(recipients);
    }

    static IndexEntry copyOfEarlier(MessageIdentity identity, Instant receivedAt, CopyLocation location,
                                    List<String> recipients, DeliveryStatus deliveryStatus) {
        return new IndexEntry(null, identity, receivedAt, location, recipients, deliveryStatus);
    }

    boolean readInFull() {
        return message != null;
    }
}
