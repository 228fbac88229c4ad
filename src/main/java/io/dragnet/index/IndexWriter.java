package io.dragnet.index;

import io.dragnet.store.Database;
import io.dragnet.store.Dialect;
import io.dragnet.store.RowBatch;
import io.dragnet.store.TimeOrderedIds;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes parsed messages into the index in batches, one transaction per batch, so an interrupted
 * import leaves whole messages or none. Re-imported copies are recognized by their keys
 * ({@link CopyLocation#placeKey}, {@link CopyLocation#nameKey}) and skipped; a new copy of a known
 * message adds only the copy.
 */
final class IndexWriter {
    enum Outcome { NEW_MESSAGE, NEW_COPY, ALREADY_PRESENT }

    private final Jdbi jdbi;
    private final Dialect dialect;

    IndexWriter(Database database) {
        this.jdbi = database.jdbi();
        this.dialect = database.dialect();
    }

    /**
     * Writes a batch in one transaction.
     *
     * @param own what this writer wrote before, which it learns what of the batch exists from
     *     instead of the database while that is all there is ({@link OwnWrites}); this batch is added once it commits
     */
    List<Outcome> write(String accountId, List<IndexEntry> batch, Instant now, OwnWrites own) {
        // each copy's keys, hashed once: they are looked up, checked, and one of them written
        List<List<CopyKeys>> keys = batch.stream()
                .map(entry -> entry.recipients().stream().map(r -> CopyKeys.of(accountId, entry.location(), r)).toList())
                .toList();
        Written written = jdbi.inTransaction(handle -> {
            List<String> copyKeys = keys.stream().flatMap(List::stream).flatMap(CopyKeys::all).toList();
            List<String> postfixIds = batch.stream().map(e -> e.identity().postfixId()).distinct().toList();
            Map<String, String> known = own.knowsAll() ? own.folders(copyKeys) : knownCopies(handle, copyKeys);
            Map<String, Long> seqs = own.knowsAll() ? own.seqs(postfixIds) : existingMessages(handle, dialect, accountId, postfixIds);

            Rows rows = new Rows(handle, dialect);
            Set<String> created = new LinkedHashSet<>();
            List<IndexEntry> createdEntries = new ArrayList<>();
            List<NewCopy> newCopies = new ArrayList<>();
            List<Outcome> outcomes = new ArrayList<>();
            for (int e = 0; e < batch.size(); e++) {
                IndexEntry entry = batch.get(e);
                String folder = entry.location().folder();
                List<CopyKeys> copies = keys.get(e);
                boolean allPresent = !copies.isEmpty() && copies.stream().allMatch(k -> k.ofNewCopy(folder, known) == null);
                String postfixId = entry.identity().postfixId();
                boolean indexed = seqs.containsKey(postfixId) || created.contains(postfixId);
                if (allPresent || (copies.isEmpty() && indexed)) {
                    outcomes.add(Outcome.ALREADY_PRESENT);
                    continue;
                }
                if (!indexed && !entry.readInFull()) {
                    // Importer reads a header alone only after the file that held the whole message,
                    // which went to this writer first
                    throw new IllegalStateException("a copy of message " + postfixId + " in " + entry.location()
                            + " came before the message it is a copy of");
                }
                if (!indexed) {
                    created.add(postfixId);
                    createdEntries.add(entry);
                    rows.addMessage(accountId, entry);
                }
                for (int i = 0; i < copies.size(); i++) {
                    String key = copies.get(i).ofNewCopy(folder, known);
                    if (key != null) {
                        known.put(key, folder);
                        newCopies.add(new NewCopy(postfixId, key, entry, entry.recipients().get(i)));
                    }
                }
                outcomes.add(indexed ? Outcome.NEW_COPY : Outcome.NEW_MESSAGE);
            }
            // the children refer to a message by the seq the database gave it
            Map<String, Long> createdSeqs = rows.insertMessages();
            seqs.putAll(createdSeqs);
            for (IndexEntry entry : createdEntries) {
                rows.addChildren(seqs.get(entry.identity().postfixId()), entry);
            }
            Map<String, String> newFolders = new HashMap<>();
            for (NewCopy copy : newCopies) {
                rows.addCopy(accountId, seqs.get(copy.postfixId()), copy.key(), copy.entry(), copy.recipient(), now);
                newFolders.put(copy.key(), copy.entry().location().folder());
            }
            rows.insertChildren();
            return new Written(outcomes, createdSeqs, newFolders);
        });
        own.remember(written.seqs(), written.folders());
        return written.outcomes();
    }

    /** What a committed batch wrote: each entry's outcome, the new messages' seqs and the new copies' folders. */
    private record Written(List<Outcome> outcomes, Map<String, Long> seqs, Map<String, String> folders) {
    }

    /** A copy to add once its message has a seq. */
    private record NewCopy(String postfixId, String key, IndexEntry entry, String recipient) {
    }

    /** A copy's place key and, for a Maildir copy, its name key ({@link CopyLocation}). */
    private record CopyKeys(String place, String name) {
        static CopyKeys of(String accountId, CopyLocation at, String recipient) {
            return new CopyKeys(at.placeKey(accountId, recipient), at.nameKey(accountId, recipient));
        }

        Stream<String> all() {
            return name == null ? Stream.of(place) : Stream.of(place, name);
        }

        /**
         * The key a copy at this place takes in the index, or {@code null} if the index holds it
         * already: under its place key, or under its name key in this very folder (a copy the
         * engine moved here). A name key held in another folder belongs to a file of the same name there.
         *
         * @param known the folder of every copy the index and this batch hold, by key
         */
        String ofNewCopy(String folder, Map<String, String> known) {
            if (known.containsKey(place) || name != null && folder.equals(known.get(name))) {
                return null;
            }
            return name != null && !known.containsKey(name) ? name : place;
        }
    }

    /**
     * The seqs of the messages with these postfix ids. Keys travel as one array, whatever the
     * batch's size: one statement text for Jdbi's parser and the server's plan cache, and one index
     * lookup per key.
     */
    private static Map<String, Long> existingMessages(Handle handle, Dialect dialect, String accountId, List<String> postfixIds) {
        Map<String, Long> seqs = new HashMap<>();
        handle.createQuery("SELECT m.postfix_id, m.seq FROM " + dialect.arrayTable("ids", "wanted")
                        + " JOIN messages m ON m.account_id = :account AND m.postfix_id = wanted.v")
                .bind("account", accountId)
                .bindArray("ids", String.class, postfixIds)
                .map((rs, ctx) -> seqs.put(rs.getString("postfix_id"), rs.getLong("seq")))
                .list();
        return seqs;
    }

    private static Map<String, String> knownCopies(Handle handle, List<String> keys) {
        Map<String, String> folders = new HashMap<>();
        handle.createQuery("SELECT copy_key, folder FROM message_copies WHERE copy_key = ANY(:keys)")
                .bindArray("keys", String.class, keys)
                .map((rs, ctx) -> folders.put(rs.getString("copy_key"), rs.getString("folder")))
                .list();
        return folders;
    }

    /** The rows of one transaction, one batch per table, written by the database's fastest bulk path. */
    private static final class Rows {
        private final Handle handle;
        private final Dialect dialect;
        private final RowBatch messages = new RowBatch("messages", List.of("id", "account_id", "postfix_id", "message_id",
                "message_id_lower", "subject", "subject_lower", "from_address", "from_domain", "from_name", "envelope_from",
                "envelope_from_domain", "reply_to", "sent_at", "received_at", "scanned_at", "smtp_helo_ip",
                "smtp_previous_hop_ip", "x_originating_ip", "spf", "dkim", "dmarc", "final_disposition", "is_detection",
                "alert_id", "detection_reasons", "is_submission", "delivery_mode", "search_text"));
        private final RowBatch recipients = new RowBatch("message_recipients",
                List.of("message_seq", "role", "position", "address", "domain", "name"));
        private final RowBatch copies = new RowBatch("message_copies", List.of("id", "message_seq", "account_id", "copy_key",
                "recipient", "recipient_domain", "store", "mailbox", "folder", "location", "delivery_status", "imported_at"));
        private final RowBatch links = new RowBatch("message_link_domains", List.of("message_seq", "domain"));
        private final RowBatch attachments = new RowBatch("message_attachments",
                List.of("message_seq", "position", "name", "sha256", "size_bytes"));
        private final RowBatch threats = new RowBatch("message_threats",
                List.of("message_seq", "position", "category", "category_lower"));

        /** The postfix id of each new message, by its Investigate id. */
        private final Map<String, String> postfixIds = new HashMap<>();

        Rows(Handle handle, Dialect dialect) {
            this.handle = handle;
            this.dialect = dialect;
        }

        void addMessage(String accountId, IndexEntry entry) {
            String id = entry.identity().investigateId(entry.receivedAt());
            postfixIds.put(id, entry.identity().postfixId());
            ParsedMessage m = entry.message();
            var verdict = m.verdict();
            boolean detection = verdict.label().isDetection();
            String alertId = !detection ? null
                    : m.explicitAlertId() != null ? Text.clip(m.explicitAlertId(), 100) : entry.identity().alertId();
            Address from = m.from();
            messages.add(id, accountId, entry.identity().postfixId(),
                    Text.clip(m.messageId(), 1000), Text.clip(Text.lower(m.messageId()), 1000),
                    Text.clip(m.subject(), 2000), Text.clip(Text.lower(m.subject()), 2000),
                    from == null ? null : Text.clip(from.address(), 320), from == null ? null : Text.clip(from.domain(), 255),
                    from == null ? null : Text.clip(from.name(), 500),
                    Text.clip(m.envelopeFrom(), 320), Text.clip(Text.domainOf(m.envelopeFrom()), 255), Text.clip(m.replyTo(), 320),
                    m.sentAt(), entry.receivedAt(), entry.receivedAt(),
                    Text.clip(m.heloIp(), 64), Text.clip(m.previousHopIp(), 64), Text.clip(m.originatingIp(), 64),
                    m.spf(), m.dkim(), m.dmarc(), verdict.label().name(), detection, alertId,
                    Text.clip(String.join("\n", verdict.reasons()), 4000), false, "DIRECT",
                    Text.clip(searchText(entry), 100_000));
        }

        void addChildren(long seq, IndexEntry entry) {
            ParsedMessage m = entry.message();
            var verdict = m.verdict();
            int position = 0;
            for (Address to : m.to()) {
                addRecipient(seq, "TO", position++, to.address(), to.name());
            }
            position = 0;
            for (Address cc : m.cc()) {
                addRecipient(seq, "CC", position++, cc.address(), cc.name());
            }
            position = 0;
            for (String envelope : m.envelopeTo()) {
                addRecipient(seq, "ENVELOPE", position++, envelope, null);
            }
            for (String domain : m.linkDomains()) {
                links.add(seq, Text.clip(domain, 255));
            }
            position = 0;
            for (Attachment attachment : m.attachments()) {
                attachments.add(seq, position++, Text.clip(attachment.name(), 1000), attachment.sha256(), attachment.sizeBytes());
            }
            position = 0;
            for (String threat : new LinkedHashSet<>(verdict.threatCategories())) {
                threats.add(seq, position++, Text.clip(threat, 200), Text.clip(threat.toLowerCase(Locale.ROOT), 200));
            }
        }

        private void addRecipient(long message, String role, int position, String address, String name) {
            recipients.add(message, role, position, Text.clip(address, 320), Text.clip(Text.domainOf(address), 255),
                    Text.clip(name, 500));
        }

        void addCopy(String accountId, long messageSeq, String key, IndexEntry entry, String recipient, Instant now) {
            CopyLocation location = entry.location();
            // time-ordered, so that the copies' primary key, too, grows at its end (V6)
            copies.add(TimeOrderedIds.next().toString(), messageSeq, accountId, key, Text.clip(recipient, 320),
                    Text.clip(Text.domainOf(recipient), 255), location.store().name(), Text.clip(location.mailbox(), 1000),
                    Text.clip(location.folder(), 200), Text.clip(location.location(), 1000), entry.deliveryStatus().wire(), now);
        }

        /**
         * The lowercased haystack of the `query` parameter: senders, header and envelope recipients,
         * subject, attachments, Message-ID. The owners of the copies are matched in message_copies,
         * so a copy found later never rewrites this wide, heavily indexed row.
         */
        private static String searchText(IndexEntry entry) {
            ParsedMessage m = entry.message();
            Set<String> parts = new LinkedHashSet<>();
            if (m.from() != null) {
                parts.add(m.from().address());
            }
            parts.add(m.envelopeFrom());
            m.to().forEach(a -> parts.add(a.address()));
            m.cc().forEach(a -> parts.add(a.address()));
            parts.addAll(m.envelopeTo());
            parts.add(m.subject());
            for (Attachment attachment : m.attachments()) {
                parts.add(attachment.name());
                parts.add(attachment.sha256());
            }
            parts.add(m.messageId());
            parts.remove(null);
            return "\n" + String.join("\n", parts).toLowerCase(Locale.ROOT);
        }

        /**
         * The new messages' seqs, by postfix id. They are read back by the Investigate id, not by
         * the postfix id: a first import builds the postfix ids' index at its end (Importer).
         */
        Map<String, Long> insertMessages() {
            Map<String, Long> seqs = new HashMap<>();
            dialect.insertReturning(handle, messages, "id", "seq").forEach((id, seq) -> seqs.put(postfixIds.get(id), seq));
            return seqs;
        }

        void insertChildren() {
            // after insertMessages: on H2 the children's foreign keys are checked row by row
            for (RowBatch batch : List.of(recipients, links, attachments, threats, copies)) {
                dialect.insert(handle, batch);
            }
        }
    }
}
