package io.dragnet.corpus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static io.dragnet.corpus.Vocabulary.pick;

/**
 * The people in the corpus: the mailboxes that receive mail, and outside correspondents who write
 * to them. Mailbox addresses depend only on the spec's sizes; display names come from the seed.
 */
final class Population {
    final List<String> domains;
    final List<Person> mailboxes;
    final List<Person> externals;

    Population(CorpusSpec spec, SplittableRandom rng) {
        List<String> domainNames = new ArrayList<>();
        List<Person> boxes = new ArrayList<>();
        for (int d = 0; d < spec.domains(); d++) {
            String domain = domainName(d);
            domainNames.add(domain);
            for (int u = 0; u < spec.mailboxesPerDomain(); u++) {
                boxes.add(new Person(userName(u) + "@" + domain, displayName(u, rng)));
            }
        }
        this.domains = Collections.unmodifiableList(domainNames);
        this.mailboxes = Collections.unmodifiableList(boxes);
        this.externals = Collections.unmodifiableList(externals(rng));
    }

    static String domainName(int index) {
        switch (index) {
            case 0: return "example.com";
            case 1: return "example.org";
            default: return "corp" + index + ".example";
        }
    }

    static String userName(int index) {
        List<String> named = Vocabulary.NAMED_USERS;
        return index < named.size() ? named.get(index) : String.format(Locale.ROOT, "user%03d", index + 1);
    }

    /** A few mailboxes have no display name at all, as with shared or service accounts. */
    private static String displayName(int userIndex, SplittableRandom rng) {
        if (rng.nextInt(20) == 0) {
            return null;
        }
        if (userIndex < Vocabulary.NAMED_USERS.size()) {
            String user = Vocabulary.NAMED_USERS.get(userIndex);
            return Character.toUpperCase(user.charAt(0)) + user.substring(1) + " " + pick(rng, Vocabulary.SURNAMES);
        }
        return pick(rng, Vocabulary.FULL_NAMES).split("\\|")[0];
    }

    private static List<Person> externals(SplittableRandom rng) {
        List<Person> people = new ArrayList<>();
        for (String domain : Vocabulary.PARTNER_DOMAINS) {
            int count = 2 + rng.nextInt(4);
            for (int i = 0; i < count; i++) {
                String[] name = pick(rng, Vocabulary.FULL_NAMES).split("\\|");
                String address = name[1] + "@" + domain;
                if (people.stream().noneMatch(p -> p.address().equals(address))) {
                    people.add(new Person(address, name[0]));
                }
            }
        }
        return people;
    }

    Person randomMailbox(SplittableRandom rng) {
        return pick(rng, mailboxes);
    }

    /** Distinct mailboxes, as many as asked for or as exist. */
    List<Person> distinctMailboxes(SplittableRandom rng, int wanted) {
        int count = Math.min(wanted, mailboxes.size());
        List<Person> chosen = new ArrayList<>(count);
        if (count * 4 > mailboxes.size()) {
            List<Person> all = new ArrayList<>(mailboxes);
            Shuffle.shuffle(all, rng);
            return new ArrayList<>(all.subList(0, count));
        }
        while (chosen.size() < count) {
            Person candidate = randomMailbox(rng);
            if (!chosen.contains(candidate)) {
                chosen.add(candidate);
            }
        }
        return chosen;
    }

    Person randomExternal(SplittableRandom rng) {
        return pick(rng, externals);
    }
}
