package io.dragnet.store;

import java.time.Instant;

/**
 * A bulk load (a first import) holds indexes it dropped, and another writer that needs them was
 * refused. The message is fit for an operator's terminal.
 */
public final class LoadInProgressException extends RuntimeException {
    LoadInProgressException(String index, Instant heldUntil) {
        super("another import is loading this store's empty index and has dropped index " + index + " until it ends"
                + " (at the latest " + heldUntil + ", should it have died); import once it has finished,"
                + " or name every path in one import");
    }
}
