package dev.retort.score;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.util.ArrayList;
import java.util.List;

/**
 * The seven confidence features of the seed notebook, per item:
 * <ol>
 * <li>{@code f1_primary_confidence} = 1 − H_seq(primary) / log V</li>
 * <li>{@code f2_secondary_confidence} = 1 − mean over positions of H(mean of the secondaries' distributions) / log V:
 *     high only when the secondaries agree and are each sure</li>
 * <li>{@code f3_evaluator_confidence} = 1 − H_seq(evaluator) / log V_evaluator</li>
 * <li>{@code f4_primary_entropy} = H_seq(primary) in nats</li>
 * <li>{@code f5_ensemble_jsd} = generalized Jensen–Shannon divergence H(mean p) − mean H(p) over primary and
 *     secondaries, averaged over positions, in nats (0 = all members agree; at most log M)</li>
 * <li>{@code f6_knn_similarity} = max cosine of the item's text embedding to an index of known-good examples</li>
 * <li>{@code f7_quality} = the item's quality metadata</li>
 * </ol>
 * H_seq is the token entropy of softmax(z / T) reduced over the sequence with the chosen {@link Reduction}.
 * A feature is present only when its inputs are: f2 and f5 need secondaries, f3 an evaluator, f6 a reference
 * index, f7 a quality value on every item.
 */
public final class FeatureBuilder {
    public static final String F1 = "f1_primary_confidence", F2 = "f2_secondary_confidence", F3 = "f3_evaluator_confidence",
            F4 = "f4_primary_entropy", F5 = "f5_ensemble_jsd", F6 = "f6_knn_similarity", F7 = "f7_quality";

    private FeatureBuilder() {
    }

    /** @param knnSimilarity f6 per item, or null to leave f6 out */
    public static FeatureTable build(List<ItemOutputs> items, double temperature, Reduction reduction, double[] knnSimilarity) {
        if (items.isEmpty()) throw new BadInputException("no items to build features for");
        Entropy.checkTemperature(temperature);
        boolean secondaries = items.stream().allMatch(i -> !i.secondary().isEmpty());
        boolean evaluator = items.stream().allMatch(i -> i.evaluator() != null);
        boolean quality = items.stream().allMatch(i -> !Double.isNaN(i.quality()));
        boolean labelled = items.stream().allMatch(i -> !Double.isNaN(i.label()));
        if (knnSimilarity != null && knnSimilarity.length != items.size()) throw new IllegalArgumentException("one similarity per item");
        List<String> names = new ArrayList<>(List.of(F1));
        if (secondaries) names.add(F2);
        if (evaluator) names.add(F3);
        names.add(F4);
        if (secondaries) names.add(F5);
        if (knnSimilarity != null) names.add(F6);
        if (quality) names.add(F7);

        double[][] rows = new double[items.size()][];
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < items.size(); k++) {
            ItemOutputs it = items.get(k);
            List<Double> row = new ArrayList<>();
            try (var s = Engine.step()) {
                Tensor primary = tensor(it.primary());                                       // [S, V]
                double logV = Math.log(it.primary().vocab());
                double hSeq = sequenceEntropy(primary, temperature, reduction, it.id(), "primary");
                row.add(1 - normalize(hSeq, logV));
                if (secondaries) row.add(1 - normalize(meanEntropyOfMean(stack(it.secondary(), it.primary().seq()), temperature), logV));
                if (evaluator) {
                    double hEval = sequenceEntropy(tensor(it.evaluator()), temperature, reduction, it.id(), "evaluator");
                    row.add(1 - normalize(hEval, Math.log(it.evaluator().vocab())));
                }
                row.add(hSeq);
                if (secondaries) {
                    List<ItemOutputs.Logits> all = new ArrayList<>(List.of(it.primary()));
                    all.addAll(it.secondary());
                    row.add(jensenShannon(stack(all, it.primary().seq()), temperature));
                }
            }
            if (knnSimilarity != null) row.add(knnSimilarity[k]);
            if (quality) row.add(it.quality());
            rows[k] = row.stream().mapToDouble(Double::doubleValue).toArray();
            ids.add(it.id());
        }
        double[] labels = labelled ? items.stream().mapToDouble(ItemOutputs::label).toArray() : null;
        return new FeatureTable(List.copyOf(names), rows, labels, ids);
    }

    static double normalize(double h, double logV) {
        return logV == 0 ? 0 : h / logV;
    }

    static Tensor tensor(ItemOutputs.Logits l) {
        return Tensors.of(l.values(), l.seq(), l.vocab());
    }

    /** Members' logits on their first {@code seq} shared positions → [M, S, V]. */
    static Tensor stack(List<ItemOutputs.Logits> members, int seq) {
        int s = Math.min(seq, members.stream().mapToInt(ItemOutputs.Logits::seq).min().orElseThrow());
        TensorVector v = new TensorVector();
        for (ItemOutputs.Logits m : members) v.push_back(tensor(m.firstPositions(s)));
        return torch.stack(v);
    }

    static double sequenceEntropy(Tensor logits, double temperature, Reduction reduction, String id, String model) {
        Tensor h = Entropy.tokens(logits, temperature).unsqueeze(0);                 // [1, S]
        double v = Entropy.reduce(h, torch.isfinite(h), reduction).item_double();
        if (!Double.isFinite(v)) throw new BadInputException("item " + id + ": the " + model + " model has no position with a usable distribution");
        return v;
    }

    /** softmax(z / T) over the last axis, with the same limits as {@link Entropy}: k logits at +inf share the mass. */
    static Tensor probabilities(Tensor members, double temperature) {
        Tensor p = Entropy.scaled(members, temperature).softmax(-1);                  // [M, S, V]
        Tensor posInf = members.eq(new Scalar(Double.POSITIVE_INFINITY)).to(p.scalar_type());
        Tensor k = posInf.sum(new long[]{-1}, true, new org.bytedeco.pytorch.ScalarTypeOptional());
        p = torch.where(k.gt(new Scalar(0.0)), posInf.div(k.clamp_min(new Scalar(1.0))), p);
        if (p.isnan().any().item_bool()) throw new BadInputException("a model's logits hold NaN or a position with every logit at -inf");
        return p;
    }

    /** Mean over positions of H(mean over members of p): [M, S, V] → nats. */
    static double meanEntropyOfMean(Tensor members, double temperature) {
        Tensor mix = probabilities(members, temperature).mean(0);                     // [S, V]
        return torch.special_entr(mix).sum(new long[]{-1}, false, new org.bytedeco.pytorch.ScalarTypeOptional()).mean().item_double();
    }

    /** Mean over positions of H(mean p) − mean H(p): [M, S, V] → nats, ≥ 0. */
    static double jensenShannon(Tensor members, double temperature) {
        Tensor p = probabilities(members, temperature);
        Tensor hMix = torch.special_entr(p.mean(0)).sum(new long[]{-1}, false, new org.bytedeco.pytorch.ScalarTypeOptional());                           // [S]
        Tensor hEach = torch.special_entr(p).sum(new long[]{-1}, false, new org.bytedeco.pytorch.ScalarTypeOptional()).mean(0);                           // [S]
        return Math.max(0, hMix.sub(hEach).mean().item_double());
    }
}
