package io.dragnet.job;

import io.dragnet.json.WireEnum;

/** Where a MOVE puts a copy, named as Microsoft's well-known folders are, since the contract borrows them. */
public enum Destination implements WireEnum {
    INBOX("Inbox"),
    JUNK_EMAIL("JunkEmail"),
    DELETED_ITEMS("DeletedItems"),
    RECOVERABLE_ITEMS_DELETIONS("RecoverableItemsDeletions"),
    RECOVERABLE_ITEMS_PURGES("RecoverableItemsPurges");

    private final String wire;

    Destination(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
