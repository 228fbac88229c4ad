package io.dragnet.index;

/** A file that cannot be imported as mail; the message is the reason shown in the import summary. */
public final class MailParseException extends Exception {
    public MailParseException(String reason) {
        super(reason, null, false, false);
    }
}
