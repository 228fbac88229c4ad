package io.dragnet.job;

import io.dragnet.search.SearchParams;

import java.util.Objects;

/**
 * A job's search parameters as the store gives them back. They were valid when the job was created,
 * but what another version of Dragnet wrote (a field this one does not know) or a damaged row may not
 * read back: such a job is still listed and shown, and its discovery fails with the reason, rather
 * than every read of the account's jobs failing.
 */
public sealed interface StoredSearch {
    record Readable(SearchParams params) implements StoredSearch {
        public Readable {
            Objects.requireNonNull(params, "params");
        }
    }

    /**
     * @param stored the stored text, as it is
     * @param reason why it does not read as search parameters
     */
    record Unreadable(String stored, String reason) implements StoredSearch {
        public Unreadable {
            Objects.requireNonNull(stored, "stored");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
