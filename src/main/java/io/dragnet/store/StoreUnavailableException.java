package io.dragnet.store;

/** The database could not be opened or migrated. The message is fit for an operator's terminal. */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
