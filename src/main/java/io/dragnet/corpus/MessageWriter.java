package io.dragnet.corpus;

import io.dragnet.corpus.Draft.Delivery;
import io.dragnet.corpus.GeneratedMessage.Attachment;
import io.dragnet.corpus.GeneratedMessage.Copy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Renders and writes one planned message and returns its truth. Safe to call from many threads:
 * each message draws from its own random stream, seeded by its serial, so the bytes do not depend
 * on which thread writes it or when.
 */
final class MessageWriter {
    /** Reused per thread; a message's text is built here before it is encoded once. */
    private static final ThreadLocal<StringBuilder> BUFFER = ThreadLocal.withInitial(() -> new StringBuilder(16_384));

    private final Path root;
    private final long seed;
    private final MessageRenderer renderer;

    MessageWriter(Path root, long seed, Senders senders) {
        this.root = root;
        this.seed = seed;
        this.renderer = new MessageRenderer(senders, seed);
    }

    GeneratedMessage write(Draft d) {
        SplittableRandom rng = new SplittableRandom(Shuffle.seedFor(seed, d.serial));
        StringBuilder text = BUFFER.get();
        text.setLength(0);
        List<Attachment> attachments = new ArrayList<>();
        renderer.appendCommon(d, rng, text, attachments);
        byte[] common = text.toString().getBytes(StandardCharsets.UTF_8);
        List<Copy> copies = new ArrayList<>(d.deliveries.size());
        try {
            for (int i = 0; i < d.deliveries.size(); i++) {
                Delivery delivery = d.deliveries.get(i);
                text.setLength(0);
                renderer.appendTrace(d, delivery, text);
                byte[] trace = text.toString().getBytes(StandardCharsets.US_ASCII);
                Path maildir = Maildirs.maildir(root, delivery.mailbox());
                Path folderDir = delivery.folder().isEmpty() ? maildir : maildir.resolve(delivery.folder());
                Path file = Maildirs.writeCopy(folderDir, d.kind, delivery.folder(), d.receivedAt,
                        d.firstCopySerial + i, rng, trace, common);
                copies.add(new Copy(delivery.mailbox().address(), delivery.folder(), file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return truth(d, attachments, copies);
    }

    private static GeneratedMessage truth(Draft d, List<Attachment> attachments, List<Copy> copies) {
        List<String> to = new ArrayList<>();
        List<String> toNames = new ArrayList<>();
        for (Person person : d.to) {
            to.add(person.address());
            toNames.add(person.name());
        }
        List<String> cc = new ArrayList<>();
        for (Person person : d.cc) {
            cc.add(person.address());
        }
        return new GeneratedMessage(d.messageId, d.from.address(), d.from.name(), d.envelopeFrom, to, toNames, cc,
                d.subject, Instant.ofEpochSecond(d.sentAt), Instant.ofEpochSecond(d.receivedAt),
                d.relay.heloIp(), d.relay.previousIp(), d.originatingIp, d.verdict.disposition(),
                d.verdict.threatCategories(), d.content.linkDomains(), attachments, d.spf, d.dkim, d.dmarc, d.kind,
                copies);
    }
}
