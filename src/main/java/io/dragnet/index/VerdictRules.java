package io.dragnet.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.dragnet.json.Json;
import io.dragnet.json.WireEnum;
import io.dragnet.search.DispositionLabel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The table that turns spam-filter headers (SpamAssassin, Rspamd, an explicit
 * {@code X-Dragnet-Disposition}) into a disposition label. The default table is
 * {@code verdict-rules.json} on the classpath; an installation may load its own.
 */
public final class VerdictRules {
    private static final Pattern SPAMASSASSIN_YES = Pattern.compile("(?i)^\\s*yes\\b");
    private static final Pattern SPAMASSASSIN_TESTS = Pattern.compile("(?i)\\btests=([^\\s]+)");

    /** One row: when {@code header}'s value matches, the message gets {@code label} ($1 for the first group). */
    public record Rule(String header, Pattern match, String label) {
        public Rule {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(match, "match");
            Objects.requireNonNull(label, "label");
            header = header.toLowerCase(Locale.ROOT);
            if (!label.equals("$1") && WireEnum.parse(DispositionLabel.class, label).isEmpty()) {
                throw new IllegalArgumentException("Verdict rule for " + header + " has the unknown label '" + label
                        + "'; use one of " + WireEnum.allowed(DispositionLabel.class) + " or $1.");
            }
        }
    }

    private final List<Rule> rules;

    public VerdictRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static VerdictRules defaults() {
        try (InputStream in = VerdictRules.class.getResourceAsStream("/verdict-rules.json")) {
            return parse(Json.mapper().readTree(in), "the built-in verdict-rules.json");
        } catch (IOException e) {
            throw new IllegalStateException("the built-in verdict rules are unreadable", e);
        }
    }

    public static VerdictRules load(Path file) {
        try {
            return parse(Json.mapper().readTree(Files.readString(file)), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read verdict rules from " + file + ": " + e.getMessage());
        }
    }

    private static VerdictRules parse(JsonNode root, String source) {
        JsonNode rows = root.path("rules");
        if (!rows.isArray()) {
            throw new IllegalArgumentException(source + " has no \"rules\" array.");
        }
        List<Rule> rules = new ArrayList<>();
        for (JsonNode row : rows) {
            try {
                rules.add(new Rule(row.path("header").asText(), Pattern.compile(row.path("match").asText(),
                        Pattern.CASE_INSENSITIVE), row.path("label").asText()));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(source + ": rule for " + row.path("header").asText()
                        + " has an invalid pattern: " + e.getDescription());
            }
        }
        return new VerdictRules(rules);
    }

    /** @param headers top-level header values by lowercased name, in message order */
    public Verdict judge(Map<String, List<String>> headers) {
        List<String> threats = new ArrayList<>();
        for (String status : headers.getOrDefault("x-spam-status", List.of())) {
            String tests = spamAssassinTests(canonical(status));
            if (tests != null) {
                for (String test : tests.split(",")) {
                    if (!test.isBlank()) {
                        threats.add(test.trim());
                    }
                }
            }
        }
        for (String threat : headers.getOrDefault("x-dragnet-threat", List.of())) {
            if (!threat.isBlank()) {
                threats.add(threat.trim());
            }
        }
        Map<String, List<String>> canonicalValues = new HashMap<>(); // several rules read one header
        for (Rule rule : rules) {
            List<String> values = canonicalValues.computeIfAbsent(rule.header(),
                    header -> headers.getOrDefault(header, List.of()).stream().map(VerdictRules::canonical).toList());
            for (String value : values) {
                Matcher matcher = rule.match().matcher(value);
                if (matcher.find()) {
                    String label = rule.label().equals("$1") && matcher.groupCount() >= 1 ? matcher.group(1) : rule.label();
                    DispositionLabel disposition = WireEnum.parse(DispositionLabel.class, label.toUpperCase(Locale.ROOT))
                            .orElse(DispositionLabel.UNKNOWN);
                    String reason = rule.header() + ": " + abbreviate(value);
                    return new Verdict(disposition, threats, List.of(reason));
                }
            }
        }
        return new Verdict(DispositionLabel.NONE, threats, List.of());
    }

    /**
     * SpamAssassin folds long status headers inside the test list ({@code tests=A,\n\tB}); after
     * unfolding that leaves {@code A,\tB}. Collapsing whitespace and the blanks after commas gives
     * rules one form to match, however the filter folded the line.
     */
    static String canonical(String value) {
        // by hand, not replaceAll: it runs on every filter header of every message, and the
        // regex took 7% of the time of parsing one (bench/README.md)
        StringBuilder out = new StringBuilder(value.length());
        boolean blank = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') { // regex \s
                blank = true;
                continue;
            }
            if (blank && (out.isEmpty() || out.charAt(out.length() - 1) != ',')) {
                out.append(' ');
            }
            blank = false;
            out.append(c);
        }
        return out.toString().strip();
    }

    /**
     * The test list of a "Yes" status: the first {@code tests=} after it that starts a word, as
     * {@code (?i)^\s*yes\b.*?\btests=(\S+)} finds it. The pattern is tried only where "tests="
     * starts, with the character before visible to its \b: stepping the lazy match through the
     * header costs a word-boundary test at each character, on every SpamAssassin-filtered message.
     */
    private static String spamAssassinTests(String status) {
        Matcher yes = SPAMASSASSIN_YES.matcher(status);
        if (!yes.lookingAt()) {
            return null;
        }
        Matcher tests = SPAMASSASSIN_TESTS.matcher(status).useTransparentBounds(true);
        for (int i = yes.end(); i < status.length(); i++) {
            char c = status.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return null; // the lazy .* stops at a line terminator
            }
            if (status.regionMatches(true, i, "tests=", 0, 6) && tests.region(i, status.length()).lookingAt()) {
                return tests.group(1);
            }
        }
        return null;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }
}
