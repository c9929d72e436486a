package dev.retort.text.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Corpus-level assertion metrics: means of the per-example scores, plus micro line-set precision/recall/F1
 * (pooled counts) next to the macro ones (mean of per-example values). {@code semanticSimilarity} is NaN
 * when it was not computed.
 */
public record MetricsSummary(int examples, double bleu, double exactMatch,
                             double precisionMicro, double recallMicro, double f1Micro,
                             double precisionMacro, double recallMacro, double f1Macro,
                             double pans, double astValidity, double semanticSimilarity, double codeQuality) {

    /** Stable names, in the column order of metrics_final.csv. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("bleu", bleu);
        m.put("exact_match", exactMatch);
        m.put("precision_micro", precisionMicro);
        m.put("recall_micro", recallMicro);
        m.put("f1_micro", f1Micro);
        m.put("precision_macro", precisionMacro);
        m.put("recall_macro", recallMacro);
        m.put("f1_macro", f1Macro);
        m.put("pans", pans);
        m.put("ast_validity", astValidity);
        m.put("semantic_similarity", semanticSimilarity);
        m.put("code_quality", codeQuality);
        return m;
    }

    /** {@link #asMap()} for JSON files: a metric that was not computed (NaN) is written as null. */
    public Map<String, Object> asJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        asMap().forEach((k, v) -> m.put(k, Double.isNaN(v) ? null : v));
        return m;
    }
}
