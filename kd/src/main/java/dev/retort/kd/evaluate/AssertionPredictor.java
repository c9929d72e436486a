package dev.retort.kd.evaluate;

import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.model.ExampleEncoder;
import dev.retort.kd.model.Seq2SeqModel;

import java.util.ArrayList;
import java.util.List;

/** Generates assertions with a seq2seq model (greedy, KV cache): in batches, or one at a time to time it. */
public final class AssertionPredictor {
    private AssertionPredictor() {
    }

    public static List<String> predict(Seq2SeqModel model, ExampleEncoder encoder, List<AssertionExample> examples,
                                       int batchSize, int maxLen) {
        List<String> out = new ArrayList<>(examples.size());
        for (int from = 0; from < examples.size(); from += batchSize) {
            List<int[]> sources = new ArrayList<>();
            for (AssertionExample e : examples.subList(from, Math.min(examples.size(), from + batchSize))) {
                sources.add(encoder.source(e.testMethodMasked(), e.focalMethod()));
            }
            for (int[] ids : model.generateGreedy(sources, maxLen)) out.add(encoder.decode(ids));
        }
        return out;
    }

    /** Milliseconds per example, batch size 1 (what a user waiting for one suggestion sees), after one warm-up. */
    public static double[] latenciesMs(Seq2SeqModel model, ExampleEncoder encoder, List<AssertionExample> examples, int maxLen) {
        double[] ms = new double[examples.size()];
        if (examples.isEmpty()) return ms;
        predict(model, encoder, examples.subList(0, 1), 1, maxLen);
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            predict(model, encoder, examples.subList(i, i + 1), 1, maxLen);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    /** The q-quantile (0..1) by linear interpolation between order statistics. */
    public static double quantile(double[] values, double q) {
        if (values.length == 0) return Double.NaN;
        double[] s = values.clone();
        java.util.Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }
}
