package io.dragnet.index;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a page of search results ended: the last message's arrival time and sequence number.
 * Opaque to clients; keyset paging from it stays stable while new mail is imported.
 */
public record SearchCursor(Instant receivedAt, long seq) {
    public String encode() {
        String raw = receivedAt.getEpochSecond() + "." + receivedAt.getNano() + "." + seq;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    public static Optional<SearchCursor> decode(String text) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
            String[] parts = raw.split("\\.");
            if (parts.length != 3) {
                return Optional.empty();
            }
            return Optional.of(new SearchCursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                    Long.parseLong(parts[2])));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
