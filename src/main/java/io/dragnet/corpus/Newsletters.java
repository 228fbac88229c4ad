package io.dragnet.corpus;

import io.dragnet.corpus.Content.Link;
import io.dragnet.corpus.Content.Style;
import io.dragnet.corpus.GeneratedMessage.Kind;
import io.dragnet.corpus.Planning.Group;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static io.dragnet.corpus.Vocabulary.chance;
import static io.dragnet.corpus.Vocabulary.pick;

/**
 * Bulk mail: newsletter issues, each sent as one message per subscriber with the same subject, so
 * an exact-subject search has many hits. Link hosts are nested subdomains of the sender's domain.
 */
final class Newsletters {
    /**
     * @param hosts link hosts under {@code domain}; the first is click tracking, the second serves images
     */
    private record Newsletter(String name, String from, String domain, List<String> hosts, List<String> topics,
                              String subjectFormat) {
    }

    private static final List<Newsletter> NEWSLETTERS = List.of(
            new Newsletter("Example Weekly", "news@news.example.net", "news.example.net",
                    List.of("click.news.example.net", "img.news.example.net", "mail.news.example.net", "www.example.net"),
                    List.of("The state of remote work", "Ten tools we love", "Year in review"), "Example Weekly #%d: %s"),
            new Newsletter("Acme Store", "deals@mail.acme-store.example", "mail.acme-store.example",
                    List.of("links.mail.acme-store.example", "cdn.acme-store.example", "www.acme-store.example"),
                    List.of("Summer sale ends tonight", "New arrivals", "Free shipping weekend"), "%2$s (issue %1$d)"),
            new Newsletter("SkyHigh Airlines", "offers@email.skyhigh-air.example", "email.skyhigh-air.example",
                    List.of("t.email.skyhigh-air.example", "static.skyhigh-air.example", "book.skyhigh-air.example"),
                    List.of("Fares from 49 EUR", "Your miles are about to expire", "Weekend getaways"), "%2$s"),
            new Newsletter("DevTools Digest", "digest@devtools.example", "devtools.example",
                    List.of("t.devtools.example", "assets.devtools.example", "blog.devtools.example"),
                    List.of("Release notes 4.2 — what's new", "Faster builds in five steps", "Community highlights"),
                    "DevTools Digest %d: %s"),
            new Newsletter("Stadtwerke Nord", "newsletter@stadtwerke-nord.example", "stadtwerke-nord.example",
                    List.of("r.stadtwerke-nord.example", "bilder.stadtwerke-nord.example", "www.stadtwerke-nord.example"),
                    List.of("Neue Tarife ab Juli", "Wartungsarbeiten im Netz", "Ökostrom für alle"),
                    "Stadtwerke Nord Newsletter %d: %s"));

    private final Planning p;
    private final SplittableRandom rng;

    Newsletters(Planning planning) {
        this.p = planning;
        this.rng = planning.rng;
    }

    List<Group> groups(int bulk) {
        List<Group> groups = new ArrayList<>();
        int maxIssue = Math.max(1, Math.min(25, p.people.mailboxes.size()));
        for (int rest = bulk; rest > 0; ) {
            int size = Math.min(rest, 1 + rng.nextInt(maxIssue));
            Newsletter letter = pick(rng, NEWSLETTERS);
            String topic = pick(rng, letter.topics());
            String subject = String.format(Locale.ROOT, letter.subjectFormat(), 100 + rng.nextInt(200), topic);
            List<Person> subscribers = p.people.distinctMailboxes(rng, size);
            groups.add(new Group(Kind.BULK, p.spread(size, 1200),
                    received -> issue(letter, subject, topic, subscribers, received)));
            rest -= size;
        }
        return groups;
    }

    private List<Draft> issue(Newsletter letter, String subject, String topic, List<Person> subscribers,
                              long[] received) {
        String campaignId = Long.toString(rng.nextLong() >>> 24, 36);
        List<Draft> drafts = new ArrayList<>();
        for (int i = 0; i < received.length; i++) {
            Person subscriber = subscribers.get(i);
            Draft d = p.draft(Kind.BULK);
            d.from = new Person(letter.from(), letter.name());
            String token = Long.toString(rng.nextLong() >>> 8, 36);
            // VERP: the bounce address names the subscriber, so Return-Path differs from From
            d.envelopeFrom = "bounces+" + token + "-" + subscriber.localPart() + "=" + subscriber.domain()
                    + "@em." + letter.domain();
            p.stamp(d, received[i], 90);
            d.subject = subject;
            d.to.add(chance(rng, 50) ? subscriber : new Person(subscriber.address(), null));
            d.deliverTo(subscriber, "");
            List<String> hosts = letter.hosts();
            List<Link> links = new ArrayList<>();
            links.add(Link.image(hosts.get(1), "/" + campaignId + "/header.png"));
            links.add(Link.to(rng, hosts.get(2), "/view/" + campaignId + "?x=1&u=" + token, "View in your browser"));
            int stories = 2 + rng.nextInt(4);
            for (int story = 0; story < stories; story++) {
                links.add(Link.to(rng, hosts.get(0), "/ls/click?x=1&c=" + campaignId + "&s=" + story + "&u=" + token,
                        "Read more"));
            }
            links.add(Link.to(rng, hosts.get(hosts.size() - 1), "/?x=1&utm_source=newsletter", letter.name()));
            links.add(Link.image(hosts.get(0), "/open/" + token + ".gif"));
            links.add(new Link(null, "mailto:unsubscribe@" + letter.domain() + "?subject=unsubscribe", "Unsubscribe by email",
                    false));
            d.content = new Content(Style.ALTERNATIVE, "Hi " + subscriber.firstName() + ",",
                    List.of("Here is what is new this week.", "In this issue: " + topic + "."), links,
                    "See you next time,", "The " + letter.name() + " team", null, List.of());
            d.extraHeaders = List.of(
                    "List-Unsubscribe: <https://" + hosts.get(0) + "/unsubscribe?u=" + token + ">,\n <mailto:unsubscribe@"
                            + letter.domain() + "?subject=" + token + ">",
                    "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
                    "List-Id: " + Mime.phrase(letter.name(), false) + " <" + campaignId + "." + letter.domain() + ">",
                    "Precedence: bulk",
                    "Feedback-ID: " + campaignId + ":newsletter:" + letter.domain());
            d.relay = p.senders.ownRelay(rng, "em." + letter.domain(), d.sentAt, d.receivedAt, false, null);
            p.authentication(d, "pass", "pass", "pass");
            d.verdict = Verdict.spamAssassin(true, 50 + rng.nextInt(16),
                    Vocabulary.tests(rng, "BULK_NEWSLETTER", Vocabulary.HAM_TESTS, 2 + rng.nextInt(3)), false)
                    .expect("BULK");
            drafts.add(d);
        }
        return drafts;
    }
}
