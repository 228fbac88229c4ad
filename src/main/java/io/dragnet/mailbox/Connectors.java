package io.dragnet.mailbox;

import io.dragnet.index.CopyLocation.Store;

import java.util.EnumMap;
import java.util.Map;

/** Which connector acts on copies of each kind of store; a store without one cannot be acted on. */
public final class Connectors {
    private final Map<Store, MailboxConnector> byStore;

    private Connectors(Map<Store, MailboxConnector> byStore) {
        this.byStore = byStore;
    }

    public static Connectors none() {
        return new Connectors(new EnumMap<>(Store.class));
    }

    public Connectors with(Store store, MailboxConnector connector) {
        Map<Store, MailboxConnector> copy = new EnumMap<>(Store.class);
        copy.putAll(byStore);
        copy.put(store, connector);
        return new Connectors(copy);
    }

    /** The connector for a store's copies, or null; {@link #whyNone} then says why, for the job row. */
    public MailboxConnector of(Store store) {
        return byStore.get(store);
    }

    /** Runs every connector's upkeep. */
    public void housekeep() {
        byStore.values().stream().distinct().forEach(MailboxConnector::housekeep);
    }

    public static String whyNone(Store store) {
        return switch (store) {
            case MAILDIR -> "No Maildir connector is configured on this node: start serve or worker with --mail-root"
                    + " pointing at the tree the mail was imported from, then create the job again.";
            case MBOX, EML -> "The copy was imported from a " + (store == Store.MBOX ? "mbox" : ".eml")
                    + " file, which is an archive and not a mailbox Dragnet can change.";
        };
    }
}
