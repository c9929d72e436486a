package dev.retort.kd.distill;

import dev.retort.core.BadInputException;
import dev.retort.core.io.CsvTable;
import dev.retort.core.io.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The original pipeline's loss-scaling analysis, over a run's {@code step_metrics.csv}: each component's share of the
 * weighted loss and of the gradient over the run, and the semantic β ({@code --semantic-loss-scale}) that would bring the
 * semantic term to the mean weighted size of the others.
 *
 * <p>The log has one gradient norm, of the whole objective, per step; a component's gradient share is an estimate: each
 * step's {@code grad_norm_total} is split among the components in proportion to their weighted values at that step, and
 * the parts are summed over the run. It differs from the loss share in weighting steps by their gradient norm. A step
 * where a component was skipped (empty cell, weight 0) counts as 0 for it. The current β is read back from the semantic
 * columns (weighted = weight × β × raw).
 */
public final class LossScalingAnalysis {
    /** What {@code kd distill} writes; the analysis is written next to it. */
    public static final String LOG = "step_metrics.csv", OUT = "loss_scaling_analysis.json";

    /**
     * @param meanRaw       over the steps that computed the component
     * @param meanWeighted  over all steps (a skipped step counts 0)
     * @param lossShare     of the sum of the components' mean weighted values
     * @param gradientShare estimated as the class comment says
     * @param lossShareByEpoch epoch → loss share within that epoch
     */
    public record Component(String name, int stepsComputed, double meanRaw, double meanWeight, double meanWeighted, double lossShare,
                            double gradientShare, Map<Integer, Double> lossShareByEpoch) {
    }

    /**
     * @param semanticScale            β as logged (null without a semantic term or a step that computed it)
     * @param recommendedSemanticScale β that makes the semantic term's mean weighted value the others' mean (null when
     *                                 there is no semantic term, no other term, or the semantic term was always 0)
     */
    public record Result(String log, int steps, double meanGradNorm, List<Component> components, Double semanticScale,
                         Double recommendedSemanticScale, String recommendation) {
        public void write(Path json) {
            Json.write(json, this);
        }
    }

    private LossScalingAnalysis() {
    }

    /** {@code DIR/step_metrics.csv}, or an exit-2 error naming the directory. */
    public static Path logOf(Path trainingDir) {
        Path log = trainingDir.resolve(LOG);
        if (!Files.isRegularFile(log)) throw new BadInputException(trainingDir + ": no " + LOG + "; is it the output directory of 'retort kd distill'?");
        return log;
    }

    public static Result analyse(Path stepMetrics) {
        CsvTable t = CsvTable.read(stepMetrics);
        List<String> names = t.columns().stream().filter(c -> c.endsWith("_loss_weighted") && !c.equals("total_loss_weighted"))
                .map(c -> c.substring(0, c.length() - "_loss_weighted".length())).toList();
        if (names.isEmpty() || t.rows().isEmpty() || !t.columns().contains("grad_norm_total")) {
            throw new BadInputException(stepMetrics + ": not a step_metrics.csv of 'retort kd distill' with steps (needs <component>_loss_weighted "
                    + "and grad_norm_total columns and at least one row)");
        }
        int n = t.rows().size();
        double[] weightedSum = new double[names.size()], gradientPart = new double[names.size()];
        double gradSum = 0;
        for (int r = 0; r < n; r++) {
            double[] w = new double[names.size()];
            double stepTotal = 0;
            for (int c = 0; c < w.length; c++) {
                w[c] = Math.abs(cell(t, r, names.get(c) + "_loss_weighted"));
                stepTotal += w[c];
                weightedSum[c] += w[c];
            }
            double g = cell(t, r, "grad_norm_total");
            gradSum += g;
            for (int c = 0; c < w.length; c++) gradientPart[c] += stepTotal > 0 ? g * w[c] / stepTotal : 0;
        }
        double weightedTotal = sum(weightedSum), gradientTotal = sum(gradientPart);
        List<Component> components = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            String name = names.get(c);
            components.add(new Component(name, computed(t, name), meanOverComputed(t, name + "_loss_raw"), meanOverComputed(t, name + "_weight"),
                    weightedSum[c] / n, share(weightedSum[c], weightedTotal), share(gradientPart[c], gradientTotal), sharesByEpoch(t, names, name)));
        }
        return withSemanticScale(stepMetrics.toString(), n, gradSum / n, components, t);
    }

    /** The current and the recommended β, and a sentence saying what to do. */
    private static Result withSemanticScale(String log, int steps, double meanGrad, List<Component> components, CsvTable t) {
        Component semantic = components.stream().filter(c -> c.name().equals("semantic")).findFirst().orElse(null);
        if (semantic == null) return new Result(log, steps, meanGrad, components, null, null, "no semantic term in this run: β does not apply");
        double unscaled = 0, scaled = 0;   // Σ weight × raw and Σ weighted over the steps that computed the term
        for (int r = 0; r < t.rows().size(); r++) {
            if (t.get(r, "semantic_loss_raw").isEmpty()) continue;
            unscaled += cell(t, r, "semantic_weight") * cell(t, r, "semantic_loss_raw");
            scaled += cell(t, r, "semantic_loss_weighted");
        }
        Double beta = unscaled > 0 ? scaled / unscaled : null;
        List<Component> others = components.stream().filter(c -> c != semantic).toList();
        if (others.isEmpty() || unscaled <= 0) {
            return new Result(log, steps, meanGrad, components, beta, null, others.isEmpty()
                    ? "the semantic term is the only one: nothing to scale it against" : "the semantic term was 0 at every step: no β can scale it");
        }
        double target = others.stream().mapToDouble(Component::meanWeighted).average().orElseThrow();
        double recommended = target / (unscaled / steps);
        return new Result(log, steps, meanGrad, components, beta, recommended, String.format(java.util.Locale.ROOT,
                "the semantic term is %.1f%% of the weighted loss at β = %.3g; β = %.3g brings its mean weighted value to the others' mean (%.4g): "
                        + "--semantic-loss-scale %.3g", 100 * semantic.lossShare(), beta, recommended, target, recommended));
    }

    private static Map<Integer, Double> sharesByEpoch(CsvTable t, List<String> names, String name) {
        Map<Integer, double[]> sums = new TreeMap<>();   // epoch → {this component, all}
        for (int r = 0; r < t.rows().size(); r++) {
            double[] s = sums.computeIfAbsent((int) cell(t, r, "epoch"), e -> new double[2]);
            for (String c : names) {
                double w = Math.abs(cell(t, r, c + "_loss_weighted"));
                s[1] += w;
                if (c.equals(name)) s[0] += w;
            }
        }
        Map<Integer, Double> shares = new TreeMap<>();
        sums.forEach((epoch, s) -> shares.put(epoch, share(s[0], s[1])));
        return shares;
    }

    private static int computed(CsvTable t, String name) {
        int k = 0;
        for (int r = 0; r < t.rows().size(); r++) if (!t.get(r, name + "_loss_raw").isEmpty()) k++;
        return k;
    }

    private static double meanOverComputed(CsvTable t, String column) {
        double s = 0;
        int k = 0;
        for (int r = 0; r < t.rows().size(); r++) {
            if (t.get(r, column).isEmpty()) continue;
            s += cell(t, r, column);
            k++;
        }
        return k == 0 ? Double.NaN : s / k;
    }

    /** A number, 0 for an empty cell (a skipped component); anything else is an exit-2 error naming file, line and column. */
    private static double cell(CsvTable t, int row, String column) {
        return t.get(row, column).isEmpty() ? 0 : t.number(row, column);
    }

    private static double share(double part, double whole) {
        return whole > 0 ? part / whole : 0;
    }

    private static double sum(double[] xs) {
        double s = 0;
        for (double x : xs) s += x;
        return s;
    }
}
