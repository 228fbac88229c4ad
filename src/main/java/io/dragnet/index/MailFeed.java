package io.dragnet.index;

import java.io.IOException;

/**
 * Anything import reads mail from: a path ({@link MailSource}) or a remote mailbox set (an IMAP
 * server). The importer parses and writes what a feed hands it the same way whatever its origin.
 */
public interface MailFeed {
    /** What the feed reads, for the summary when it cannot be read at all. */
    String origin();

    /** Hands every message to {@code sink}, one at a time; problems with single messages go to {@code sink.reject}. */
    void read(MailSource.MailSink sink) throws IOException;
}
