package dev.retort.bench.kd;

import dev.retort.core.Engine;
import dev.retort.kd.model.FastGreedyDecoder;
import dev.retort.kd.model.ModelConfig;
import dev.retort.kd.model.Seq2SeqModel;
import dev.retort.kd.model.SequenceBatch;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Training tokens/s and greedy-decode latency of the kd seq2seq model, the retort half of
 * bench/kd/model-throughput.sh (bench/kd/model_throughput.py is the PyTorch half, same shape and inputs).
 * Args: d heads layers ff vocab batch srcLen tgtLen steps decodeExamples decodeLen copy(0|1) lengthsOut.
 * Prints one JSON line; writes the generated lengths so the reference decodes as many tokens. Greedy decoding is timed
 * twice per example: libtorch's generateGreedy and the Java decoder ({@link FastGreedyDecoder}), whose tokens must agree.
 */
public final class ModelThroughput {
    public static void main(String[] a) throws Exception {
        int d = Integer.parseInt(a[0]), heads = Integer.parseInt(a[1]), layers = Integer.parseInt(a[2]), ff = Integer.parseInt(a[3]);
        int vocab = Integer.parseInt(a[4]), batch = Integer.parseInt(a[5]), srcLen = Integer.parseInt(a[6]), tgtLen = Integer.parseInt(a[7]);
        int steps = Integer.parseInt(a[8]), decodeExamples = Integer.parseInt(a[9]), decodeLen = Integer.parseInt(a[10]);
        boolean copy = a[11].equals("1");
        Path lengthsOut = Path.of(a[12]);
        Engine.start(new Engine.Config(Engine.Backend.CPU, 1, 42));
        ModelConfig config = new ModelConfig("bench", vocab, d, heads, layers, layers, ff, srcLen, Math.max(tgtLen, decodeLen) + 1, 0.1, copy, false, 0, 1, 2);
        Seq2SeqModel model = Seq2SeqModel.create(config);
        SplittableRandom r = new SplittableRandom(1);
        List<int[]> src = new ArrayList<>(), tgt = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            src.add(r.ints(srcLen, 3, vocab).toArray());
            tgt.add(r.ints(tgtLen - 1, 3, vocab).toArray());   // + BOS/EOS = tgtLen positions
        }
        AdamW opt = new AdamW(model.parameters(), new AdamWOptions(1e-4));
        model.train(true);
        double[] stepMs = new double[steps];
        for (int s = -3; s < steps; s++) {
            long t0 = System.nanoTime();
            try (var scope = Engine.step()) {
                opt.zero_grad();
                SequenceBatch b = model.batch(src, tgt);
                Tensor loss = model.tokenNll(b).sum().div(new Scalar((double) b.targetTokens()));
                loss.backward();
                opt.step();
            }
            if (s >= 0) stepMs[s] = (System.nanoTime() - t0) / 1e6;
        }
        model.train(false);
        double[] decodeMs = new double[decodeExamples];
        double[] javaDecodeMs = new double[decodeExamples];
        int[] lengths = new int[decodeExamples];
        int mismatches = 0;
        FastGreedyDecoder fast = model.fastDecoder();
        for (int i = -2; i < decodeExamples; i++) {
            List<int[]> one = List.of(r.ints(srcLen, 3, vocab).toArray());
            long t0 = System.nanoTime();
            int[] out = model.generateGreedy(one, decodeLen).getFirst();
            long t1 = System.nanoTime();
            int[] javaOut = fast.generate(one.getFirst(), decodeLen);
            long t2 = System.nanoTime();
            if (i >= 0) {
                decodeMs[i] = (t1 - t0) / 1e6;
                javaDecodeMs[i] = (t2 - t1) / 1e6;
                lengths[i] = out.length + (out.length < decodeLen ? 1 : 0);   // decoder steps run (EOS step included)
                if (!Arrays.equals(out, javaOut)) mismatches++;
            }
        }
        Files.writeString(lengthsOut, String.join("\n", Arrays.stream(lengths).mapToObj(Integer::toString).toList()) + "\n");
        double medianStep = percentile(stepMs, 50);
        System.out.printf(Locale.ROOT,
                "{\"impl\":\"retort\",\"params\":%d,\"train_step_ms_p50\":%.2f,\"train_tokens_per_s\":%.1f,\"decode_ms_p50\":%.2f,\"decode_ms_p95\":%.2f,\"decode_tokens_mean\":%.1f,"
                        + "\"java_decode_ms_p50\":%.2f,\"java_decode_ms_p95\":%.2f,\"java_decode_mismatches\":%d}%n",
                model.parameterCount(), medianStep, batch * (srcLen + tgtLen) / (medianStep / 1e3),
                percentile(decodeMs, 50), percentile(decodeMs, 95), Arrays.stream(lengths).average().orElse(0),
                percentile(javaDecodeMs, 50), percentile(javaDecodeMs, 95), mismatches);
    }

    static double percentile(double[] xs, double p) {
        double[] s = xs.clone();
        Arrays.sort(s);
        double pos = p / 100 * (s.length - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }
}
