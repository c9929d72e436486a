package dev.retort.text.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sentence-level BLEU-4 with uniform weights and Chen &amp; Cherry's smoothing method 1, computed exactly as
 * NLTK 3.8's {@code sentence_bleu([ref], hyp, smoothing_function=SmoothingFunction().method1)}:
 * modified n-gram precision p_n = clipped matches / max(1, hypothesis n-grams); a p_n with zero matches
 * becomes ε / denominator with ε = 0.1; no unigram match gives 0; brevity penalty exp(1 − r/c) when c ≤ r
 * (0 for an empty hypothesis); score = BP · exp(Σ ¼ log p_n). NLTK's auto-reweighting is off by default,
 * so hypotheses shorter than four tokens keep the four uniform weights.
 */
public final class SentenceBleu {
    static final double EPSILON = 0.1;
    static final int MAX_ORDER = 4;

    private SentenceBleu() {
    }

    /** BLEU-4 of a hypothesis against one reference, both already tokenized. */
    public static double score(List<String> reference, List<String> hypothesis) {
        if (hypothesis.isEmpty()) return 0.0;
        double logSum = 0;
        for (int n = 1; n <= MAX_ORDER; n++) {
            Map<List<String>, Integer> hyp = ngramCounts(hypothesis, n);
            Map<List<String>, Integer> ref = ngramCounts(reference, n);
            int matches = 0;
            int total = 0;
            for (var e : hyp.entrySet()) {
                total += e.getValue();
                matches += Math.min(e.getValue(), ref.getOrDefault(e.getKey(), 0));
            }
            int denominator = Math.max(1, total);
            if (n == 1 && matches == 0) return 0.0;
            double p = matches == 0 ? EPSILON / denominator : (double) matches / denominator;
            logSum += Math.log(p) / MAX_ORDER;
        }
        int c = hypothesis.size();
        int r = reference.size();
        double bp = c > r ? 1.0 : Math.exp(1.0 - (double) r / c);
        return bp * Math.exp(logSum);
    }

    /** BLEU-4 of two code strings, tokenized with {@link CodeTokens}. */
    public static double score(String reference, String hypothesis) {
        return score(CodeTokens.of(reference), CodeTokens.of(hypothesis));
    }

    static Map<List<String>, Integer> ngramCounts(List<String> tokens, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) counts.merge(tokens.subList(i, i + n), 1, Integer::sum);
        return counts;
    }
}
