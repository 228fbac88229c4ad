package io.dragnet.corpus;

import io.dragnet.corpus.GeneratedMessage.Kind;
import io.dragnet.corpus.Planning.Group;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides every message before any is written: how many of each kind, which belong together,
 * and when each arrived. Runs in one thread on one random stream, so the plan is a pure function
 * of the spec.
 */
final class Planner {
    private static final long DAY = Duration.ofDays(1).getSeconds();
    /** 90% of mail arrived in the last 20 days, the rest 20 to 60 days ago; margins keep clear of the edges. */
    private static final long RECENT_MIN = 120;
    private static final long RECENT_MAX = 20 * DAY - 3600;
    private static final long OLD_MIN = 20 * DAY + 3600;
    private static final long OLD_MAX = 60 * DAY - 3600;

    private final CorpusSpec spec;
    private final Planning planning;

    Planner(CorpusSpec spec, Population people) {
        this.spec = spec;
        this.planning = new Planning(spec, people);
    }

    /** The plan, ordered by receivedAt, with indexes and copy serials assigned. */
    List<Draft> plan() {
        int n = spec.messages();
        boolean everyKind = n >= 10;
        int campaign = share(n, 15, everyKind);
        int quarantined = share(n, 5, everyKind);
        int spam = share(n, 20, everyKind);
        int bulk = share(n, 20, everyKind);
        int clean = n - campaign - quarantined - spam - bulk;
        int spoof = n >= 50 ? Math.max(1, Math.round(n / 100f)) : 0;
        int suspicious = spoof;

        List<Group> groups = new ArrayList<>();
        groups.addAll(new Campaigns(planning).groups(campaign, quarantined));
        groups.addAll(new JunkMail(planning).groups(spam - spoof - suspicious, spoof, suspicious));
        groups.addAll(new Newsletters(planning).groups(bulk));
        groups.addAll(new Conversations(planning).groups(clean));

        boolean[] old = chooseOld(groups, Math.round(n / 10f));
        List<Draft> drafts = new ArrayList<>(n);
        for (int g = 0; g < groups.size(); g++) {
            drafts.addAll(build(groups.get(g), old[g]));
        }
        finish(drafts);
        return drafts;
    }

    private static int share(int n, int percent, boolean atLeastOne) {
        int count = Math.round(n * percent / 100f);
        return atLeastOne ? Math.max(1, count) : count;
    }

    /**
     * Picks whole groups to be old until exactly {@code target} messages are; singletons fill the
     * gaps. Campaigns stay recent so that a default 30-day search finds a whole wave.
     */
    private boolean[] chooseOld(List<Group> groups, int target) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            order.add(i);
        }
        Shuffle.shuffle(order, planning.rng);
        boolean[] old = new boolean[groups.size()];
        int count = 0;
        for (int i : order) {
            Group group = groups.get(i);
            if (group.kind() != Kind.CAMPAIGN && count + group.size() <= target) {
                old[i] = true;
                count += group.size();
            }
        }
        return old;
    }

    private List<Draft> build(Group group, boolean old) {
        long min = old ? OLD_MIN : RECENT_MIN;
        long max = (old ? OLD_MAX : RECENT_MAX) - group.span();
        long youngest = min + planning.rng.nextLong(Math.max(1, max - min));
        long first = spec.now().getEpochSecond() - youngest - group.span();
        long[] received = new long[group.size()];
        for (int i = 0; i < received.length; i++) {
            received[i] = first + group.offsets()[i];
        }
        List<Draft> drafts = group.build().apply(received);
        if (drafts.size() != group.size()) {
            throw new IllegalStateException(group.kind() + " group planned " + group.size() + " but built " + drafts.size());
        }
        return drafts;
    }

    /** Touches every message alike, then fixes the order and the numbering of files. */
    private void finish(List<Draft> drafts) {
        for (Draft d : drafts) {
            d.internalHop = planning.rng.nextBoolean();
            if (d.kind != Kind.BULK && d.originatingIp == null && Vocabulary.chance(planning.rng, 24)) {
                d.originatingIp = Senders.randomIp(planning.rng, 1);
            }
            if (d.deliveries.isEmpty()) {
                throw new IllegalStateException(d.kind + " message " + d.messageId + " has no corpus recipient");
            }
        }
        drafts.sort(Comparator.comparingLong((Draft d) -> d.receivedAt).thenComparingLong(d -> d.serial));
        long copySerial = 1;
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            d.index = i;
            d.firstCopySerial = copySerial;
            copySerial += d.deliveries.size();
        }
    }
}
