package dev.retort.text.metrics;

import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A code-quality score in [0, 1] for generated assertions, the weighted mean of three checks that need no
 * reference:
 * <ul>
 *   <li>0.4 · syntax — 1 if the whole prediction parses ({@link AstValidity}), else 0;</li>
 *   <li>0.4 · assertion form — the share of lines that are a single assertion statement: an
 *       {@code assert…(…)} call, optionally qualified ({@code Assert.}, {@code Assertions.}), or an
 *       {@code assertThat(…)} chain, ending in {@code ;};</li>
 *   <li>0.2 · non-redundancy — distinct lines / lines (repeating the same assertion adds nothing).</li>
 * </ul>
 * An empty prediction scores 0.
 */
public final class CodeQuality {
    static final Pattern ASSERTION = Pattern.compile(
            "^(?:[A-Za-z_$][\\w$]*\\.)*(?:assert\\w*|fail)\\s*\\(.*\\)\\s*;$");

    private CodeQuality() {
    }

    public static double score(String prediction, boolean astValid) {
        List<String> lines = AssertionLines.of(prediction);
        if (lines.isEmpty()) return 0.0;
        long assertionLines = lines.stream().filter(l -> ASSERTION.matcher(l).matches()).count();
        double form = (double) assertionLines / lines.size();
        double distinct = (double) new HashSet<>(lines).size() / lines.size();
        return 0.4 * (astValid ? 1 : 0) + 0.4 * form + 0.2 * distinct;
    }
}
