package dev.retort.text.metrics;

/**
 * Scores of one predicted assertion block against its reference. {@code semantic} is NaN when no embedder was
 * given. Precision/recall/F1 are over the sets of normalized assertion lines; {@code truePositives},
 * {@code predictedLines} and {@code referenceLines} feed the micro averages.
 */
public record ExampleScores(double bleu, boolean exactMatch, double precision, double recall, double f1,
                            int truePositives, int predictedLines, int referenceLines,
                            double pans, boolean astValid, double semantic, double codeQuality) {
}
