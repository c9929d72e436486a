package dev.retort.kd.evaluate;

import dev.retort.core.Engine;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.loss.SequenceSampler;
import dev.retort.text.metrics.AstValidity;
import dev.retort.kd.model.AssertionGenerator;
import dev.retort.kd.model.ExampleEncoder;
import dev.retort.kd.model.ModelConfig;
import dev.retort.kd.model.SequenceBatch;
import dev.retort.kd.model.Seq2SeqModel;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Generates assertions with a seq2seq model (greedy, KV cache): in batches with libtorch, or one at a time with the Java
 * decoder ({@link AssertionGenerator}, {@link Seq2SeqModel#fastDecoder}) to time what a user waiting for one suggestion sees.
 * {@link #predict} returns what a user is given ({@link ExampleEncoder#checkedOutput}: only lines that parse as Java
 * statements, or the retrieved neighbour's assertions when none does); {@link #generate} returns the decoded text as
 * the model wrote it (training-time validation and teacher-logit files use that).
 */
public final class AssertionPredictor {
    private AssertionPredictor() {
    }

    /** As {@link #generate}, then {@link #checked}. */
    public static List<String> predict(Seq2SeqModel model, ExampleEncoder encoder, List<AssertionExample> examples,
                                       int batchSize, int maxLen) {
        return checked(encoder, examples, generate(model, encoder, examples, batchSize, maxLen));
    }

    /** Each generated text as {@link ExampleEncoder#checkedOutput} gives it to a user; same order as {@code examples}. */
    public static List<String> checked(ExampleEncoder encoder, List<AssertionExample> examples, List<String> generated) {
        AstValidity syntax = new AstValidity();
        List<String> out = new ArrayList<>(generated.size());
        for (int i = 0; i < generated.size(); i++) out.add(encoder.checkedOutput(examples.get(i), generated.get(i), syntax));
        return out;
    }

    /** Greedy outputs in input order (a statement cut off by the length limit is dropped), in batches of similar source length. */
    public static List<String> generate(Seq2SeqModel model, ExampleEncoder encoder, List<AssertionExample> examples,
                                       int batchSize, int maxLen) {
        return generateFrom(model, encoder, examples, examples.stream().map(encoder::source).toList(), batchSize, maxLen);
    }

    /** As {@link #generate} for the examples' sources already encoded. */
    static List<String> generateFrom(Seq2SeqModel model, ExampleEncoder encoder, List<AssertionExample> examples, List<int[]> sources,
                                     int batchSize, int maxLen) {
        String[] out = new String[sources.size()];
        for (List<Integer> idx : lengthBatches(sources, batchSize)) {
            List<int[]> generated = model.generateGreedy(idx.stream().map(sources::get).toList(), maxLen);
            for (int j = 0; j < idx.size(); j++) out[idx.get(j)] = encoder.decodeGenerated(examples.get(idx.get(j)), generated.get(j), maxLen);
        }
        return List.of(out);
    }

    /**
     * As {@link #generateFrom}, each answer drawn by ancestral sampling at {@code temperature} (softmax of log p / T,
     * from libtorch's seeded generator, so a run with the same seed draws the same answers) instead of greedy.
     */
    static List<String> sampleFrom(Seq2SeqModel model, ExampleEncoder encoder, List<AssertionExample> examples, List<int[]> sources,
                                   int batchSize, int maxLen, double temperature) {
        ModelConfig c = model.config();
        int steps = Math.min(maxLen, c.maxTargetLen());
        String[] out = new String[sources.size()];
        model.train(false);
        for (List<Integer> idx : lengthBatches(sources, batchSize)) {
            try (var scope = Engine.step()) {
                SequenceBatch batch = model.batch(idx.stream().map(sources::get).toList(), null);
                UnaryOperator<Tensor> step = model.stepper(batch.source(), batch.sourceMask());
                long[][] drawn = SequenceSampler.sample(last -> step.apply(last).div(new Scalar(temperature)), idx.size(), c.bosId(),
                        c.eosId(), steps);
                for (int j = 0; j < idx.size(); j++) {
                    int[] ids = Arrays.stream(drawn[j]).takeWhile(id -> id != c.eosId()).mapToInt(Math::toIntExact).toArray();
                    out[idx.get(j)] = encoder.decodeGenerated(examples.get(idx.get(j)), ids, maxLen);
                }
            }
        }
        return List.of(out);
    }

    /** Indices of the sources in batches of at most {@code batchSize}, shortest sources first, so a batch has little padding. */
    static List<List<Integer>> lengthBatches(List<int[]> sources, int batchSize) {
        Integer[] order = new Integer[sources.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingInt(i -> sources.get(i).length));
        List<List<Integer>> batches = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            batches.add(Arrays.asList(order).subList(from, Math.min(order.length, from + batchSize)));
        }
        return batches;
    }

    /**
     * Milliseconds per example for each generator, batch size 1 (what a user waiting for one suggestion sees), after
     * one warm-up each: decoding by {@link AssertionGenerator} (beam 1: greedy, in the Java decoder), output checked. The
     * generators take turns on every example, in an order that alternates from one example to the next, so a slow
     * spell of a shared machine falls on all of them alike and their ratio stays fair. Returns [generator][example].
     */
    public static double[][] latenciesMs(List<AssertionGenerator> generators, List<AssertionExample> examples, int maxLen, int beam) {
        double[][] ms = new double[generators.size()][examples.size()];
        if (examples.isEmpty()) return ms;
        AstValidity syntax = new AstValidity();
        for (AssertionGenerator g : generators) g.generate(examples.getFirst(), beam, maxLen, syntax);
        for (int i = 0; i < examples.size(); i++) {
            for (int k = 0; k < generators.size(); k++) {
                int j = i % 2 == 0 ? k : generators.size() - 1 - k;
                long t0 = System.nanoTime();
                generators.get(j).generate(examples.get(i), beam, maxLen, syntax);
                ms[j][i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return ms;
    }

    /** The q-quantile (0..1) by linear interpolation between order statistics. */
    public static double quantile(double[] values, double q) {
        if (values.length == 0) return Double.NaN;
        double[] s = values.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }
}
