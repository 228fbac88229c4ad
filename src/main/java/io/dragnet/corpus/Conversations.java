package io.dragnet.corpus;

import io.dragnet.corpus.Content.AttachmentSpec;
import io.dragnet.corpus.Content.Link;
import io.dragnet.corpus.Content.Style;
import io.dragnet.corpus.GeneratedMessage.Kind;
import io.dragnet.corpus.Planning.Group;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.dragnet.corpus.Vocabulary.chance;
import static io.dragnet.corpus.Vocabulary.pick;

/**
 * Clean mail: one-to-one messages from partners and colleagues, and reply threads among several
 * people with Cc. Only corpus mailboxes get copies; outside participants appear in headers only,
 * and a sender never gets a copy of its own message (there is no Sent folder).
 */
final class Conversations {
    private final Planning p;
    private final SplittableRandom rng;

    Conversations(Planning planning) {
        this.p = planning;
        this.rng = planning.rng;
    }

    List<Group> groups(int clean) {
        List<Group> groups = new ArrayList<>();
        for (int rest = clean; rest > 0; ) {
            if (rest >= 2 && chance(rng, 25)) {
                int size = 2 + rng.nextInt(Math.min(4, rest - 1));
                long[] offsets = new long[size];
                for (int i = 1; i < size; i++) {
                    offsets[i] = offsets[i - 1] + 1200 + rng.nextInt(8 * 3600);
                }
                groups.add(new Group(Kind.CLEAN, offsets, this::thread));
                rest -= size;
            } else {
                groups.add(p.single(Kind.CLEAN, this::single));
                rest--;
            }
        }
        return groups;
    }

    private Draft single(long at) {
        boolean internal = p.people.mailboxes.size() > 1 && chance(rng, 30);
        Person from = internal ? p.people.randomMailbox(rng) : p.people.randomExternal(rng);
        Person to;
        do {
            to = p.people.randomMailbox(rng);
        } while (to.equals(from));
        List<Person> cc = new ArrayList<>();
        if (chance(rng, 20)) {
            for (int i = 1 + rng.nextInt(2); i > 0; i--) {
                Person other = chance(rng, 50) ? p.people.randomMailbox(rng) : p.people.randomExternal(rng);
                if (!other.equals(from) && !other.equals(to) && !cc.contains(other)) {
                    cc.add(other);
                }
            }
        }
        return message(from, List.of(to), cc, at, subject(), null);
    }

    private List<Draft> thread(long[] received) {
        int mailboxes = p.people.mailboxes.size();
        int inside = Math.min(mailboxes, 1 + rng.nextInt(3));
        int outside = rng.nextInt(3);
        if (inside + outside < 2) {
            if (mailboxes >= 2) {
                inside = 2;
            } else {
                outside = 1;
            }
        }
        List<Person> people = new ArrayList<>(p.people.distinctMailboxes(rng, inside));
        while (people.size() < inside + outside) {
            Person external = p.people.randomExternal(rng);
            if (!people.contains(external)) {
                people.add(external);
            }
        }
        // With one corpus participant, only an outsider's message reaches the corpus.
        List<Person> senders = inside >= 2 ? people : people.subList(1, people.size());
        String base = subject();
        List<Draft> drafts = new ArrayList<>();
        for (long at : received) {
            Person from = pick(rng, senders);
            List<Person> others = new ArrayList<>(people);
            others.remove(from);
            List<Person> to = new ArrayList<>(others.subList(0, 1));
            List<Person> cc = new ArrayList<>(others.subList(1, others.size()));
            if (chance(rng, 40)) {
                to.addAll(cc);
                cc.clear();
            }
            Draft previous = drafts.isEmpty() ? null : drafts.get(drafts.size() - 1);
            String subject = previous == null ? base : (chance(rng, 20) ? "RE: " : "Re: ") + base;
            drafts.add(message(from, to, cc, at, subject, previous));
        }
        return drafts;
    }

    private Draft message(Person from, List<Person> to, List<Person> cc, long at, String subject, Draft previous) {
        Draft d = p.draft(Kind.CLEAN);
        d.from = from;
        d.envelopeFrom = from.address();
        p.stamp(d, at, 600);
        d.subject = subject;
        for (Person person : to) {
            d.to.add(p.asAddressed(person));
        }
        d.cc.addAll(cc);
        for (Person person : to) {
            deliver(d, person);
        }
        for (Person person : cc) {
            deliver(d, person);
        }
        String quote = null;
        if (previous != null) {
            d.inReplyTo = previous.messageId;
            List<String> references = new ArrayList<>(previous.references);
            references.add(previous.messageId);
            d.references = references;
            quote = "On " + Mime.date(previous.sentAt, previous.dateOffset, false) + ", "
                    + p.signature(previous.from) + " wrote:\n> " + previous.content.paragraphs().get(0);
        }
        d.content = content(d, quote);
        boolean inside = p.people.domains.contains(from.domain());
        d.relay = p.senders.ownRelay(rng, from.domain(), d.sentAt, d.receivedAt, chance(rng, inside ? 60 : 50),
                chance(rng, 50) ? from.localPart() : null);
        if (inside) {
            p.authentication(d, "pass", "pass", "pass");
        } else {
            p.legitimateAuthentication(d);
        }
        d.extraHeaders = List.of(pick(rng, Vocabulary.MAILERS));
        d.verdict = verdict().expect("NONE");
        return d;
    }

    private void deliver(Draft d, Person person) {
        if (p.people.domains.contains(person.domain()) && !person.address().equals(d.from.address())) {
            d.deliverTo(person, "");
        }
    }

    private String subject() {
        int roll = rng.nextInt(100);
        if (roll < 10) {
            return pick(rng, Vocabulary.NON_ASCII_SUBJECTS);
        }
        if (roll < 25) {
            return (chance(rng, 50) ? "Invoice INV-" : "Purchase order PO-") + (10_000 + rng.nextInt(90_000));
        }
        return pick(rng, Vocabulary.CLEAN_SUBJECTS);
    }

    private Content content(Draft d, String quote) {
        List<String> paragraphs = new ArrayList<>();
        for (int wanted = 1 + rng.nextInt(3); paragraphs.size() < wanted; ) {
            String paragraph = pick(rng, Vocabulary.CLEAN_PARAGRAPHS);
            if (!paragraphs.contains(paragraph)) {
                paragraphs.add(paragraph);
            }
        }
        if (chance(rng, 15)) {
            paragraphs.add(pick(rng, chance(rng, 60) ? Vocabulary.CLEAN_PARAGRAPHS_DE : Vocabulary.CLEAN_PARAGRAPHS_JA));
        }
        List<Link> links = new ArrayList<>();
        if (chance(rng, 35)) {
            for (int i = 1 + rng.nextInt(2); i > 0; i--) {
                links.add(Link.to(rng, pick(rng, Vocabulary.CLEAN_LINK_HOSTS),
                        "/d/" + Long.toString(rng.nextLong() >>> 12, 36) + "?x=1", "Link"));
            }
        }
        List<AttachmentSpec> attachments = new ArrayList<>();
        if (chance(rng, 25)) {
            String name = pick(rng, Vocabulary.CLEAN_ATTACHMENTS);
            attachments.add(new AttachmentSpec(name, Payloads.mimeType(name), rng.nextLong(), 2048 + rng.nextInt(10_240)));
        }
        Person first = d.to.get(0);
        return new Content(chance(rng, 25) ? Style.PLAIN : Style.ALTERNATIVE, "Hi " + first.firstName() + ",",
                paragraphs, links, pick(rng, Vocabulary.SIGNOFFS), p.signature(d.from), quote, attachments);
    }

    private Verdict verdict() {
        int roll = rng.nextInt(100);
        if (roll < 45) {
            return Verdict.spamAssassin(false, -20 + rng.nextInt(50),
                    Vocabulary.tests(rng, null, Vocabulary.HAM_TESTS, 2 + rng.nextInt(4)), chance(rng, 50));
        }
        if (roll < 60) {
            return Verdict.rspamd("no action", -30 + rng.nextInt(70));
        }
        return Verdict.none();
    }
}
