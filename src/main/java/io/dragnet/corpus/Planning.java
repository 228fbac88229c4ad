package io.dragnet.corpus;

import io.dragnet.corpus.GeneratedMessage.Kind;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static io.dragnet.corpus.Vocabulary.chance;
import static io.dragnet.corpus.Vocabulary.pick;

/** What every scenario planner shares: the people, the infrastructure, one random stream, the clock. */
final class Planning {
    final SplittableRandom rng;
    final Population people;
    final Senders senders;
    private long nextSerial;

    Planning(CorpusSpec spec, Population people) {
        this.rng = new SplittableRandom(Shuffle.seedFor(spec.seed(), -1));
        this.people = people;
        this.senders = new Senders(spec.seed());
    }

    /**
     * Messages that belong together in time: a campaign wave, a newsletter issue, a thread.
     *
     * @param offsets seconds after the group's first message at which each member is received, ascending
     * @param build   makes the members, given each one's receivedAt (epoch seconds)
     */
    record Group(Kind kind, long[] offsets, Function<long[], List<Draft>> build) {
        int size() {
            return offsets.length;
        }

        long span() {
            return offsets[offsets.length - 1];
        }
    }

    Group single(Kind kind, Function<Long, Draft> build) {
        return new Group(kind, new long[]{0}, received -> List.of(build.apply(received[0])));
    }

    /** Offsets for {@code count} messages spread at random over {@code spanSeconds}, first at 0. */
    long[] spread(int count, long spanSeconds) {
        long[] offsets = new long[count];
        for (int i = 1; i < count; i++) {
            offsets[i] = rng.nextLong(spanSeconds + 1);
        }
        Arrays.sort(offsets);
        return offsets;
    }

    Draft draft(Kind kind) {
        return new Draft(nextSerial++, kind);
    }

    /**
     * Sets the times and Message-ID: sent a few seconds to {@code maxDelay} seconds before it
     * was received, in the sender's time zone.
     */
    void stamp(Draft d, long receivedAt, int maxDelay) {
        d.receivedAt = receivedAt;
        d.sentAt = receivedAt - 3 - rng.nextInt(Math.max(1, maxDelay - 2));
        d.dateOffset = senders.offsetOf(d.from.domain());
        d.messageId = Senders.messageId(rng, d.serial, d.from.domain(), d.sentAt);
    }

    /** A recipient as a sender's address book writes it: usually with the name, sometimes bare. */
    Person asAddressed(Person person) {
        return person.name() != null && chance(rng, 20) ? new Person(person.address(), null) : person;
    }

    void authentication(Draft d, String spf, String dkim, String dmarc) {
        d.spf = spf;
        d.dkim = dkim;
        d.dmarc = dmarc;
    }

    /** Authentication results of a legitimate sender: mostly all pass, some without DKIM. */
    void legitimateAuthentication(Draft d) {
        int roll = rng.nextInt(100);
        if (roll < 80) {
            authentication(d, "pass", "pass", "pass");
        } else if (roll < 92) {
            authentication(d, "pass", "none", "pass");
        } else {
            authentication(d, pick(rng, List.of("neutral", "none")), "none", "none");
        }
    }

    String signature(Person p) {
        return p.name() != null ? p.name() : p.localPart();
    }
}
