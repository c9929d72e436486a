package dev.retort.text.metrics;

import dev.retort.text.embed.TextEmbedder;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Scores generated assertions against references: sentence BLEU-4 (method-1 smoothing), exact match on
 * normalized lines, line-set precision/recall/F1 (micro and macro), PANS, AST validity, semantic similarity
 * (cosine of sentence embeddings, when an embedder is given) and the code-quality score. Not thread-safe
 * (one JavaParser per instance).
 */
public final class AssertionMetrics {
    private final AstValidity ast = new AstValidity();
    private final TextEmbedder embedder;

    /** @param embedder sentence embedder for semantic similarity, or null to skip that metric (NaN) */
    public AssertionMetrics(TextEmbedder embedder) {
        this.embedder = embedder;
    }

    public ExampleScores score(String reference, String prediction) {
        return score(List.of(reference), List.of(prediction)).getFirst();
    }

    public List<ExampleScores> score(List<String> references, List<String> predictions) {
        if (references.size() != predictions.size()) {
            throw new IllegalArgumentException(references.size() + " references but " + predictions.size() + " predictions");
        }
        double[] semantic = semantic(references, predictions);
        List<ExampleScores> out = new ArrayList<>(references.size());
        for (int i = 0; i < references.size(); i++) {
            String ref = references.get(i);
            String pred = predictions.get(i);
            Set<String> refLines = AssertionLines.setOf(ref);
            Set<String> predLines = AssertionLines.setOf(pred);
            int tp = (int) predLines.stream().filter(refLines::contains).count();
            double p = predLines.isEmpty() ? (refLines.isEmpty() ? 1 : 0) : (double) tp / predLines.size();
            double r = refLines.isEmpty() ? (predLines.isEmpty() ? 1 : 0) : (double) tp / refLines.size();
            double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
            boolean valid = ast.isValid(pred);
            out.add(new ExampleScores(SentenceBleu.score(ref, pred),
                    AssertionLines.normalized(ref).equals(AssertionLines.normalized(pred)),
                    p, r, f1, tp, predLines.size(), refLines.size(),
                    Pans.score(ref, pred), valid, semantic[i], CodeQuality.score(pred, valid)));
        }
        return out;
    }

    public static MetricsSummary summarize(List<ExampleScores> scores) {
        int n = scores.size();
        if (n == 0) throw new IllegalArgumentException("no examples to summarize");
        long tp = 0, predicted = 0, referenced = 0;
        for (ExampleScores s : scores) {
            tp += s.truePositives();
            predicted += s.predictedLines();
            referenced += s.referenceLines();
        }
        double pMicro = predicted == 0 ? 0 : (double) tp / predicted;
        double rMicro = referenced == 0 ? 0 : (double) tp / referenced;
        double fMicro = pMicro + rMicro == 0 ? 0 : 2 * pMicro * rMicro / (pMicro + rMicro);
        return new MetricsSummary(n,
                mean(scores, ExampleScores::bleu),
                mean(scores, s -> s.exactMatch() ? 1 : 0),
                pMicro, rMicro, fMicro,
                mean(scores, ExampleScores::precision),
                mean(scores, ExampleScores::recall),
                mean(scores, ExampleScores::f1),
                mean(scores, ExampleScores::pans),
                mean(scores, s -> s.astValid() ? 1 : 0),
                mean(scores, ExampleScores::semantic),
                mean(scores, ExampleScores::codeQuality));
    }

    private double[] semantic(List<String> references, List<String> predictions) {
        double[] out = new double[references.size()];
        if (embedder == null) {
            java.util.Arrays.fill(out, Double.NaN);
            return out;
        }
        float[][] r = embedder.embed(references);
        float[][] p = embedder.embed(predictions);
        for (int i = 0; i < out.length; i++) out[i] = TextEmbedder.cosine(r[i], p[i]);
        return out;
    }

    private static double mean(List<ExampleScores> scores, java.util.function.ToDoubleFunction<ExampleScores> f) {
        double sum = 0;
        for (ExampleScores s : scores) sum += f.applyAsDouble(s);
        return sum / scores.size();
    }
}
