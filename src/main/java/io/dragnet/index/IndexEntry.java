package io.dragnet.index;

import io.dragnet.search.DeliveryStatus;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A parsed message ready to be written, with the copies it stands for.
 *
 * @param recipients the owners of the copies: one copy row each
 */
record IndexEntry(ParsedMessage message, MessageIdentity identity, Instant receivedAt,
                  CopyLocation location, List<String> recipients, DeliveryStatus deliveryStatus) {
    IndexEntry {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(location, "location");
        recipients = List.copyOf(recipients);
    }
}
