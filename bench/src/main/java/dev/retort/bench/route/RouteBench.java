package dev.retort.bench.route;

import dev.retort.core.Engine;
import dev.retort.core.Rng;
import dev.retort.core.io.NdArray;
import dev.retort.core.io.Npy;
import dev.retort.route.KMeans;
import dev.retort.route.RouteArtifacts;
import dev.retort.route.RouteConfig;
import dev.retort.route.RouteModel;
import dev.retort.route.RouterKind;
import dev.retort.text.index.ExactIndex;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Route benchmarks, printed one result per line:
 * <pre>
 *   fit-query real DIR               refit on a model directory's cached embeddings (train split), then query latency
 *   fit-query synthetic N K          the same on N synthetic 384-d pairs with K clusters
 *   kmeans FILE.npy K RESTARTS ITERS  our k-means++ on the rows of a .npy (time, inertia, iterations)
 *   synth FILE.npy N                  writes N synthetic unit answer vectors (for the scikit-learn side)
 * </pre>
 * Query latency = router transform + exact top-10 search over all answers (one libtorch matmul), text embedding
 * excluded. Single: one query per call; batched: 64 per call, reported per call and per query.
 */
public final class RouteBench {
    private static final int DIM = 384;

    private RouteBench() {
    }

    public static void main(String[] args) {
        Engine.start(new Engine.Config(Engine.Backend.CPU, 1, 42));
        switch (args[0]) {
            case "fit-query" -> fitQuery(args);
            case "kmeans" -> kmeans(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "synth" -> Npy.write(Path.of(args[1]), flat(synthetic(Integer.parseInt(args[2]), 42)[1]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void fitQuery(String[] args) {
        float[][] q, a;
        int k;
        String label;
        if (args[1].equals("real")) {
            var c = RouteArtifacts.read(Path.of(args[2]));
            int[] train = c.train();
            q = pick(c.questions(), train);
            a = pick(c.answers(), train);
            k = RouteModel.load(Path.of(args[2])).clusters();
            label = "skills-qa train split (" + q.length + " pairs)";
        } else {
            float[][][] s = synthetic(Integer.parseInt(args[2]), 7);
            q = s[0];
            a = s[1];
            k = Integer.parseInt(args[3]);
            label = "synthetic " + q.length + " pairs";
        }
        RouteConfig d = RouteConfig.defaults();      // one k-means restart on the synthetic set keeps the run short
        RouteConfig config = new RouteConfig(k, d.kRule(), d.maxK(), args[1].equals("real") ? d.restarts() : 1, d.maxIterations(), false,
                false, d.tau(), d.topK(), d.questionTau(), d.secondTau(), d.prior());
        long t0 = System.nanoTime();
        RouteModel.Fitted f = RouteModel.fitTimed(q, a, config, new Rng(42));
        double fitSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "fit %s: K=%d restarts=%d total %.2fs (k-means %.2fs, %d iterations; Procrustes %.2fs), embedding excluded%n",
                label, k, config.restarts(), fitSeconds, f.summary().kMeansSeconds(), f.summary().kMeansIterations(), f.summary().procrustesSeconds());
        ExactIndex index = new ExactIndex(DIM);
        for (float[] v : a) index.add(v, Map.of());
        float[][] probes = Arrays.copyOf(q, Math.min(q.length, 512));
        for (RouterKind kind : List.of(RouterKind.RAW, RouterKind.CENTROID, RouterKind.QUESTION, RouterKind.WEIGHTED)) {
            double[] single = latencies(f.model(), index, probes, kind, 1);
            double[] batch = latencies(f.model(), index, probes, kind, 64);
            System.out.printf(Locale.ROOT, "query %-8s single p50 %.2f ms p99 %.2f ms | batch of 64 p50 %.1f ms (%.3f ms/query) p99 %.1f ms%n",
                    kind.cliName(), pct(single, 50), pct(single, 99), pct(batch, 50), pct(batch, 50) / 64, pct(batch, 99));
        }
    }

    private static double[] latencies(RouteModel model, ExactIndex index, float[][] probes, RouterKind kind, int batch) {
        List<Double> ms = new ArrayList<>();
        int rounds = batch == 1 ? probes.length : Math.max(8, probes.length / batch * 2);
        for (int r = -Math.min(20, rounds); r < rounds; r++) {              // negative rounds warm up
            int start = Math.floorMod(r * batch, probes.length - batch + 1);
            float[][] chunk = Arrays.copyOfRange(probes, start, start + batch);
            long t = System.nanoTime();
            index.search(model.project(chunk, kind), 10);
            if (r >= 0) ms.add((System.nanoTime() - t) / 1e6);
        }
        return ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private static void kmeans(Path npy, int k, int restarts, int iterations) {
        float[][] x = matrix(Npy.read(npy));
        new KMeans(k, 1, 3).fit(Arrays.copyOf(x, Math.max(k, Math.min(x.length, 2000))), 1);     // warm-up
        long t = System.nanoTime();
        KMeans.Summary s = new KMeans(k, restarts, iterations).fit(x, 42);
        double secs = (System.nanoTime() - t) / 1e9;
        System.out.printf(Locale.ROOT, "retort kmeans n=%d d=%d k=%d restarts=%d: %.3f s, inertia %.3f, iterations(best) %d%n",
                x.length, x[0].length, k, restarts, secs, s.inertia(), s.iterations());
        System.out.printf(Locale.ROOT, "RETORT_SECONDS %.4f%n", secs);
    }

    /** {questions, answers}: unit vectors around n/20 topic centres; a question is its answer, permuted per topic, plus noise. */
    static float[][][] synthetic(int n, long seed) {
        Rng rng = new Rng(seed);
        int topics = Math.max(2, n / 20);
        float[][] centres = new float[topics][DIM];
        for (float[] c : centres) for (int j = 0; j < DIM; j++) c[j] = (float) rng.nextGaussian();
        float[][] q = new float[n][DIM], a = new float[n][DIM];
        for (int i = 0; i < n; i++) {
            int t = rng.nextInt(topics);
            for (int j = 0; j < DIM; j++) a[i][j] = centres[t][j] + 0.5f * (float) rng.nextGaussian();
            for (int j = 0; j < DIM; j++) q[i][j] = a[i][(j + 1 + t) % DIM] + 0.5f * (float) rng.nextGaussian();
            unit(a[i]);
            unit(q[i]);
        }
        return new float[][][]{q, a};
    }

    private static void unit(float[] v) {
        double s = 0;
        for (float x : v) s += x * x;
        float inv = (float) (1 / Math.sqrt(s));
        for (int j = 0; j < v.length; j++) v[j] *= inv;
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    private static float[][] pick(float[][] rows, int[] at) {
        float[][] out = new float[at.length][];
        for (int i = 0; i < at.length; i++) out[i] = rows[at[i]];
        return out;
    }

    private static NdArray flat(float[][] rows) {
        float[] f = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, f, i * rows[0].length, rows[0].length);
        return NdArray.ofFloats(f, rows.length, rows[0].length);
    }

    private static float[][] matrix(NdArray a) {
        int n = (int) a.shape()[0], d = (int) a.shape()[1];
        float[] f = a.toFloats();
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) System.arraycopy(f, i * d, out[i], 0, d);
        return out;
    }
}
