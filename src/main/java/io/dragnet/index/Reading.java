package io.dragnet.index;

import java.time.Instant;
import java.util.Objects;

/**
 * What reading one message file gave ({@link MessageParser#parse(java.io.InputStream, java.util.function.Predicate)}):
 * the whole message, or, for a copy of a message the reader already has, only what identifies it.
 */
public sealed interface Reading permits Reading.Whole, Reading.HeaderOnly {

    /** What a top-level header with a Message-ID says identifies its message ({@link MessageIdentity}). */
    record Identifying(String messageId, Address from, Instant sentAt) {
        public Identifying {
            Objects.requireNonNull(messageId, "messageId");
        }
    }

    record Whole(ParsedMessage message) implements Reading {
        public Whole {
            Objects.requireNonNull(message, "message");
        }
    }

    /** The body was left unread, because the caller declined it. */
    record HeaderOnly(Identifying header) implements Reading {
        public HeaderOnly {
            Objects.requireNonNull(header, "header");
        }
    }
}
