package io.dragnet.corpus;

import io.dragnet.corpus.GeneratedMessage.Kind;

import java.util.ArrayList;
import java.util.List;

/**
 * One message as planned: everything except its bytes. Planning runs in one thread and fills
 * these in; rendering reads them from many threads and never writes.
 */
final class Draft {
    /** Creation order; makes Message-IDs unique and seeds the rendering of this message. */
    final long serial;
    final Kind kind;

    String messageId;
    String inReplyTo;
    List<String> references = List.of();

    Person from;
    String envelopeFrom;
    List<Person> to = new ArrayList<>();
    List<Person> cc = new ArrayList<>();
    /** The envelope recipients in the corpus; each gets one copy. */
    List<Delivery> deliveries = new ArrayList<>();

    String subject;
    long sentAt;
    long receivedAt;
    /** The sender's UTC offset in seconds, as written in the Date header. */
    int dateOffset;

    Relay relay;
    boolean internalHop;
    String originatingIp;

    String spf;
    String dkim;
    String dmarc;
    Verdict verdict;

    Content content;
    List<String> extraHeaders = new ArrayList<>();

    /** Set once the order of all messages is known. */
    int index;
    long firstCopySerial;

    /** One copy's destination: a mailbox and the folder its filter put it in. */
    record Delivery(Person mailbox, String folder) {
    }

    Draft(long serial, Kind kind) {
        this.serial = serial;
        this.kind = kind;
    }

    void deliverTo(Person mailbox, String folder) {
        for (Delivery d : deliveries) {
            if (d.mailbox().address().equals(mailbox.address())) {
                return;
            }
        }
        deliveries.add(new Delivery(mailbox, folder));
    }
}
