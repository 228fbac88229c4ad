package io.dragnet.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The spam-filter headers of a message, and the disposition an importer derives from them. The
 * derivation lives next to the headers so that the recorded truth cannot drift from what is
 * written; planners state the disposition they meant and {@link #expect} checks it.
 *
 * @param dragnetLabel      X-Dragnet-Disposition, or null
 * @param rspamdAction      X-Rspamd-Action, or null
 * @param spamAssassinYes   whether X-Spam-Status says Yes; null when there is no X-Spam-Status
 * @param spamAssassinTests the tests= list, written in this order
 * @param spamFlag          X-Spam-Flag ("YES" or "NO"), or null
 * @param threats           X-Dragnet-Threat values, one header each
 * @param scoreTenths       the filter's score in tenths of a point
 */
record Verdict(String dragnetLabel, String rspamdAction, Boolean spamAssassinYes, List<String> spamAssassinTests,
               String spamFlag, List<String> threats, int scoreTenths) {
    Verdict {
        spamAssassinTests = List.copyOf(spamAssassinTests);
        threats = List.copyOf(threats);
        // "First test matching" could mean first in the list or first rule in priority order; a
        // list that matches only one rule family means the same under both readings.
        int families = (spamAssassinTests.stream().anyMatch(Verdict::phish) ? 1 : 0)
                + (spamAssassinTests.stream().anyMatch(Verdict::spoof) ? 1 : 0)
                + (spamAssassinTests.stream().anyMatch(Verdict::bulk) ? 1 : 0);
        if (families > 1) {
            throw new IllegalArgumentException("ambiguous SpamAssassin tests " + spamAssassinTests);
        }
    }

    static Verdict none() {
        return new Verdict(null, null, null, List.of(), null, List.of(), 0);
    }

    /** SpamAssassin as amavis writes it: X-Spam-Flag YES with a Yes status, NO or nothing with a No status. */
    static Verdict spamAssassin(boolean yes, int scoreTenths, List<String> tests, boolean flagNo) {
        String flag = yes ? "YES" : flagNo ? "NO" : null;
        return new Verdict(null, null, yes, tests.stream().sorted().toList(), flag, List.of(), scoreTenths);
    }

    static Verdict spamFlagOnly() {
        return new Verdict(null, null, null, List.of(), "YES", List.of(), 0);
    }

    static Verdict rspamd(String action, int scoreTenths) {
        return new Verdict(null, action, null, List.of(), null, List.of(), scoreTenths);
    }

    Verdict withRspamd(String action) {
        return new Verdict(dragnetLabel, action, spamAssassinYes, spamAssassinTests, spamFlag, threats, scoreTenths);
    }

    Verdict withDragnet(String label) {
        return new Verdict(label, rspamdAction, spamAssassinYes, spamAssassinTests, spamFlag, threats, scoreTenths);
    }

    Verdict withThreats(List<String> values) {
        return new Verdict(dragnetLabel, rspamdAction, spamAssassinYes, spamAssassinTests, spamFlag, values, scoreTenths);
    }

    /** The importer's rules, in their order of precedence. */
    String disposition() {
        if (dragnetLabel != null) {
            return dragnetLabel;
        }
        if (rspamdAction != null) {
            switch (rspamdAction) {
                case "reject": return "MALICIOUS";
                case "soft reject": case "greylist": return "SUSPICIOUS";
                case "add header": case "rewrite subject": return "SPAM";
                case "no action": return "NONE";
                default: throw new IllegalStateException("unknown Rspamd action " + rspamdAction);
            }
        }
        if (spamAssassinYes != null) {
            if (!spamAssassinYes) {
                return "NONE";
            }
            for (String test : spamAssassinTests) {
                if (phish(test)) {
                    return "MALICIOUS";
                }
                if (spoof(test)) {
                    return "SPOOF";
                }
                if (bulk(test)) {
                    return "BULK";
                }
            }
            return "SPAM";
        }
        return "YES".equals(spamFlag) ? "SPAM" : "NONE";
    }

    List<String> threatCategories() {
        List<String> categories = new ArrayList<>();
        if (Boolean.TRUE.equals(spamAssassinYes)) {
            categories.addAll(spamAssassinTests);
        }
        categories.addAll(threats);
        return categories;
    }

    Verdict expect(String disposition) {
        if (!Objects.equals(disposition(), disposition)) {
            throw new IllegalStateException("headers " + this + " map to " + disposition() + ", not " + disposition);
        }
        return this;
    }

    /** Headers as the filters add them: amavis/SpamAssassin, then Rspamd, then Dragnet's own. */
    void appendHeaders(StringBuilder out, String queueId) {
        if (spamFlag != null) {
            out.append("X-Spam-Flag: ").append(spamFlag).append('\n');
        }
        if (spamAssassinYes != null) {
            out.append("X-Spam-Score: ").append(score(1)).append('\n');
            if (scoreTenths >= 10) {
                out.append("X-Spam-Level: ").append("*".repeat(Math.min(scoreTenths / 10, 50))).append('\n');
            }
            appendSpamStatus(out);
        }
        if (rspamdAction != null) {
            out.append("X-Rspamd-Queue-Id: ").append(queueId).append('\n');
            out.append("X-Rspamd-Action: ").append(rspamdAction).append('\n');
            out.append("X-Rspamd-Score: ").append(score(2)).append('\n');
            if (rspamdAction.equals("add header") || rspamdAction.equals("rewrite subject")) {
                out.append("X-Spam: Yes\n");
            }
        }
        if (dragnetLabel != null) {
            out.append("X-Dragnet-Disposition: ").append(dragnetLabel).append('\n');
        }
        for (String threat : threats) {
            out.append("X-Dragnet-Threat: ").append(threat).append('\n');
        }
    }

    /** Folded after a comma, as SpamAssassin does: an unfolded list has a tab after some commas. */
    private void appendSpamStatus(StringBuilder out) {
        int start = out.length();
        out.append("X-Spam-Status: ").append(spamAssassinYes ? "Yes" : "No").append(", score=").append(score(1))
                .append(" required=5.0 tests=");
        int lineStart = start;
        for (int i = 0; i < spamAssassinTests.size(); i++) {
            String test = spamAssassinTests.get(i);
            if (out.length() - lineStart + test.length() + 1 > 76) {
                out.append("\n\t");
                lineStart = out.length() - 1;
            }
            out.append(test);
            if (i < spamAssassinTests.size() - 1) {
                out.append(',');
            }
        }
        out.append(spamAssassinYes ? " autolearn=no" : " autolearn=ham").append("\n\tautolearn_force=no version=4.0.0\n");
    }

    private static boolean phish(String test) {
        return test.contains("PHISH");
    }

    private static boolean spoof(String test) {
        return test.contains("SPOOF") || test.contains("FORGED");
    }

    private static boolean bulk(String test) {
        return test.contains("BULK") || test.contains("NEWSLETTER");
    }

    private String score(int decimals) {
        int abs = Math.abs(scoreTenths);
        String text = (scoreTenths < 0 ? "-" : "") + abs / 10 + "." + abs % 10;
        return decimals == 2 ? text + "0" : text;
    }
}
