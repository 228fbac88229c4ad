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
 * Spam in its several verdict shapes (SpamAssassin, Rspamd, a bare X-Spam-Flag), plus spoofed and
 * suspicious mail, which are kind SPAM too. Filters file about half of the copies in Junk.
 */
final class JunkMail {
    private final Planning p;
    private final SplittableRandom rng;

    JunkMail(Planning planning) {
        this.p = planning;
        this.rng = planning.rng;
    }

    List<Group> groups(int spam, int spoof, int suspicious) {
        List<Group> groups = new ArrayList<>();
        for (int i = 0; i < spam; i++) {
            groups.add(p.single(Kind.SPAM, this::spam));
        }
        for (int i = 0; i < spoof; i++) {
            groups.add(p.single(Kind.SPAM, this::spoof));
        }
        for (int i = 0; i < suspicious; i++) {
            groups.add(p.single(Kind.SPAM, this::suspicious));
        }
        return groups;
    }

    static String spammyDomain(SplittableRandom rng) {
        return pick(rng, Vocabulary.SPAM_WORDS) + "-" + pick(rng, Vocabulary.SPAM_WORDS) + rng.nextInt(100) + ".example";
    }

    private Draft spam(long at) {
        Draft d = junk(at);
        int roll = rng.nextInt(100);
        if (roll < 65) {
            d.verdict = Verdict.spamAssassin(true, 52 + rng.nextInt(150),
                    Vocabulary.tests(rng, null, Vocabulary.SPAM_TESTS, 2 + rng.nextInt(5)), false);
        } else if (roll < 85) {
            d.verdict = Verdict.rspamd("add header", 60 + rng.nextInt(80));
        } else if (roll < 92) {
            d.verdict = Verdict.rspamd("rewrite subject", 80 + rng.nextInt(60));
            d.subject = "*** SPAM *** " + d.subject;
        } else {
            d.verdict = Verdict.spamFlagOnly();
        }
        d.verdict.expect("SPAM");
        return d;
    }

    /** Claims to come from a corpus domain; SPF and DMARC say otherwise. */
    private Draft spoof(long at) {
        Draft d = junk(at);
        String domain = pick(rng, p.people.domains);
        d.from = new Person(pick(rng, List.of("it-support", "payroll", "helpdesk")) + "@" + domain,
                pick(rng, List.of("IT Support", "Payroll", "Helpdesk")));
        d.subject = pick(rng, List.of("Mailbox storage almost full", "Your payslip is ready", "Password reset request"));
        p.authentication(d, "fail", "none", "fail");
        d.verdict = Verdict.spamAssassin(true, 60 + rng.nextInt(60),
                Vocabulary.tests(rng, "FORGED_SENDER", Vocabulary.SPAM_TESTS, 2 + rng.nextInt(3)), false).expect("SPOOF");
        return d;
    }

    /**
     * Rspamd could not decide. Some of these also carry a SpamAssassin "No", which Rspamd's verdict
     * overrides — a check of the importer's precedence.
     */
    private Draft suspicious(long at) {
        Draft d = junk(at);
        Verdict base = chance(rng, 40)
                ? Verdict.spamAssassin(false, 10 + rng.nextInt(30), Vocabulary.tests(rng, null, Vocabulary.HAM_TESTS, 3), true)
                : Verdict.none();
        d.verdict = base.withRspamd(chance(rng, 75) ? "soft reject" : "greylist").expect("SUSPICIOUS");
        return d;
    }

    private Draft junk(long at) {
        Draft d = p.draft(Kind.SPAM);
        String domain = spammyDomain(rng);
        d.from = new Person(pick(rng, List.of("info", "promo", "winner", "deals", "support")) + "@" + domain,
                chance(rng, 70) ? pick(rng, List.of("Special Offers", "Customer Rewards", "Prize Department",
                "Dr. Green Pharmacy", "Crypto Team")) : null);
        d.envelopeFrom = chance(rng, 60) ? d.from.address()
                : Long.toString(rng.nextLong() >>> 20, 36) + "@" + spammyDomain(rng);
        p.stamp(d, at, chance(rng, 10) ? 6 * 3600 : 600);
        d.subject = chance(rng, 8) ? pick(rng, Vocabulary.NON_ASCII_SPAM_SUBJECTS) : pick(rng, Vocabulary.SPAM_SUBJECTS);
        List<Person> targets = p.people.distinctMailboxes(rng, 1 + rng.nextInt(3));
        boolean undisclosed = chance(rng, 10);
        for (Person target : targets) {
            if (!undisclosed) {
                d.to.add(p.asAddressed(target));
            }
            d.deliverTo(target, rng.nextBoolean() ? ".Junk" : "");
        }
        String host = pick(rng, List.of("track.", "go.", "shop.")) + domain;
        List<Link> links = new ArrayList<>();
        for (int i = 1 + rng.nextInt(3); i > 0; i--) {
            links.add(Link.to(rng, host, "/c/" + Long.toString(rng.nextLong() >>> 16, 36) + "?x=1", "Claim now"));
        }
        List<AttachmentSpec> attachments = chance(rng, 5)
                ? List.of(new AttachmentSpec("offer.pdf", "application/pdf", rng.nextLong(), 4096 + rng.nextInt(8192)))
                : List.of();
        d.content = new Content(chance(rng, 35) ? Style.HTML : Style.ALTERNATIVE, "Dear friend,",
                List.of(pick(rng, Vocabulary.SPAM_PARAGRAPHS), pick(rng, Vocabulary.SPAM_PARAGRAPHS)), links,
                "Sincerely,", d.from.name() != null ? d.from.name() : "The Team", null, attachments);
        d.relay = p.senders.shadyRelay(rng, Senders.randomIp(rng, 0), d.sentAt, d.receivedAt, chance(rng, 20));
        p.authentication(d, pick(rng, List.of("fail", "neutral", "none", "pass")),
                pick(rng, List.of("none", "none", "fail")), pick(rng, List.of("fail", "none")));
        return d;
    }
}
