package io.dragnet.index;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verdict's hand-written steps read SpamAssassin's status exactly as the regular expressions
 * they replaced (kept here as the reference) did, on the shapes filters write and on odd ones.
 */
class VerdictRulesTest {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern TESTS = Pattern.compile("(?i)^\\s*yes\\b.*?\\btests=([^\\s]+)");

    private static List<String> referenceThreats(String status) {
        String canonical = WHITESPACE.matcher(status).replaceAll(" ").replace(", ", ",").strip();
        List<String> threats = new ArrayList<>();
        Matcher tests = TESTS.matcher(canonical);
        if (tests.find()) {
            for (String test : tests.group(1).split(",")) {
                if (!test.isBlank()) {
                    threats.add(test.trim());
                }
            }
        }
        return threats;
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Yes, score=16.2 required=5.0 tests=BAYES_999,DCC_CHECK,\n\tT_SCC_BODY_TEXT_LINE autolearn=no\n\tautolearn_force=no version=4.0.0",
            "No, score=-1.0 required=5.0 tests=ALL_TRUSTED autolearn=ham",
            "  YES ,  score=9 tests=A,\t B,,C  ",
            "Yes, score=9 pretests=X tests=REAL",
            "Yes, score=9 xtests=X",
            "Yes, score=9 Tests=MIXED_CASE,ſ",
            "Yes, score=9 tests=",
            "Yes, score=9 \u2028 tests=AFTER_A_LINE_SEPARATOR",
            "Yes, score=9 \u00e9tests=AFTER_A_LETTER tests=WORD",
            "Yesterday tests=NOT_A_YES",
            "yes tests=A tests=B",
            "",
            " \t\n",
            "Yes,tests=,A,,B, ,C"
    })
    void spamassassin_tests_read_as_the_reference_patterns_read_them(String status) {
        Verdict verdict = VerdictRules.defaults().judge(Map.of("x-spam-status", List.of(status)));
        assertThat(verdict.threatCategories()).isEqualTo(referenceThreats(status));
        assertThat(VerdictRules.canonical(status))
                .isEqualTo(WHITESPACE.matcher(status).replaceAll(" ").replace(", ", ",").strip());
    }
}
