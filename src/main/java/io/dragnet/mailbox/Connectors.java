package io.dragnet.mailbox;

import io.dragnet.index.CopyLocation.Store;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which connector acts on the copies of each kind of store and mailbox. A store may have several:
 * the first added that {@linkplain MailboxConnector#serves serves} a mailbox acts on it, so an
 * IMAP connector added before the Maildir connector takes the domains it is configured for, and
 * the Maildir connector the rest. A copy no connector serves cannot be acted on.
 */
public final class Connectors {
    private final Map<Store, List<MailboxConnector>> byStore;

    private Connectors(Map<Store, List<MailboxConnector>> byStore) {
        this.byStore = byStore;
    }

    public static Connectors none() {
        return new Connectors(new EnumMap<>(Store.class));
    }

    /** These connectors, and after them {@code connector} for a store's copies. */
    public Connectors with(Store store, MailboxConnector connector) {
        Map<Store, List<MailboxConnector>> copy = new EnumMap<>(Store.class);
        byStore.forEach((s, list) -> copy.put(s, List.copyOf(list)));
        List<MailboxConnector> list = new ArrayList<>(copy.getOrDefault(store, List.of()));
        list.add(connector);
        copy.put(store, List.copyOf(list));
        return new Connectors(copy);
    }

    /** The connector for a mailbox's copies in a store, or null; {@link #whyNone} then says why, for the job row. */
    public MailboxConnector of(Store store, String mailbox) {
        for (MailboxConnector connector : byStore.getOrDefault(store, List.of())) {
            if (connector.serves(mailbox)) {
                return connector;
            }
        }
        return null;
    }

    /** Runs every connector's upkeep. */
    public void housekeep() {
        byStore.values().stream().flatMap(List::stream).distinct().forEach(MailboxConnector::housekeep);
    }

    /** Closes every connector, once each. */
    public void close() {
        byStore.values().stream().flatMap(List::stream).distinct().forEach(MailboxConnector::close);
    }

    public static String whyNone(Store store) {
        return switch (store) {
            case MAILDIR -> "No connector on this node serves this mailbox: start serve or worker with --mail-root"
                    + " pointing at the tree the mail was imported from, or with --imap-config naming a server for its"
                    + " domain, then create the job again.";
            case IMAP -> "No connector on this node serves this mailbox: start serve or worker with --imap-config"
                    + " naming a server for its domain, then create the job again.";
            case MBOX, EML -> "The copy was imported from a " + (store == Store.MBOX ? "mbox" : ".eml")
                    + " file, which is an archive and not a mailbox Dragnet can change.";
        };
    }
}
