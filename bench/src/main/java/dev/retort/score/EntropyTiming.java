package dev.retort.score;

import dev.retort.core.Engine;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.util.Arrays;
import java.util.Locale;

/**
 * Benchmark driver for bench/score/entropy.sh: times per-sequence mean entropy of a
 * [64, 128, 32100] float32 logits tensor already in memory, for several chunk sizes of the fast path.
 * Prints "java chunk=<rows> median_ms=<x>" lines; the last one is the shipped default.
 * Args: threads repeats [chunk…]. It lives in the bench module but in score's package, because the chunk sweep
 * needs Entropy's package-private fast path (tokens with a chunk size, reduce, CHUNK_ROWS).
 */
public final class EntropyTiming {
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]), repeats = Integer.parseInt(args[1]);
        Engine.start(new Engine.Config(Engine.Backend.CPU, threads, 0));
        Tensor z = torch.randn(64, 128, 32100).mul(new org.bytedeco.pytorch.Scalar(3.0));
        long[] chunks = args.length > 2 ? Arrays.stream(args, 2, args.length).mapToLong(Long::parseLong).toArray() : new long[]{Entropy.CHUNK_ROWS};
        for (long chunk : chunks) {
            double[] ms = new double[repeats];
            double check = 0;
            for (int r = -1; r < repeats; r++) {                       // r = -1: warm-up
                try (var s = Engine.step()) {
                    long t0 = System.nanoTime();
                    Tensor h = Entropy.tokens(z, 1.0, chunk);                                       // [64, 128]
                    Tensor seq = Entropy.reduce(h, torch.isfinite(h), Reduction.MEAN);                // [64]
                    check = seq.sum().item_double();
                    if (r >= 0) ms[r] = (System.nanoTime() - t0) / 1e6;
                }
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "java chunk=%d median_ms=%.1f checksum=%.4f%n", chunk, ms[repeats / 2], check);
        }
    }
}
