package dev.retort.bench.text;

import dev.retort.core.Engine;
import dev.retort.text.index.ExactIndex;
import dev.retort.text.index.Hit;
import dev.retort.text.index.HnswIndex;
import dev.retort.text.index.VectorIndex;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * retort side of bench/text/hnsw.sh: N random unit vectors of dimension D (java.util.Random seed 0), 1,000
 * queries; builds the JVector index (M 16, build beam 100), then for each search beam prints recall@10 against
 * ExactIndex and single-thread queries/s. Usage: HnswBench N D BEAM...
 */
public final class HnswBench {
    private HnswBench() {
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int d = Integer.parseInt(args[1]);
        Engine.start(new Engine.Config(Engine.Backend.CPU, 1, 0));
        Random rng = new Random(0);
        float[][] base = unit(rng, n, d);
        float[][] queries = unit(rng, 1000, d);
        ExactIndex exact = new ExactIndex(d);
        HnswIndex hnsw = new HnswIndex(d);
        for (float[] v : base) {
            exact.add(v, null);
            hnsw.add(v, null);
        }
        List<List<Hit>> truth = exact.search(queries, 10);
        long t0 = System.nanoTime();
        hnsw.search(queries[0], 10);                       // builds the graph
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "hnsw n=%d d=%d M=16 build %.1fs", n, d, buildSeconds));
        for (int a = 2; a < args.length; a++) {
            int beam = Integer.parseInt(args[a]);
            hnsw.setSearchBeam(beam);
            hnsw.search(java.util.Arrays.copyOf(queries, 100), 10);   // warm-up
            long t = System.nanoTime();
            List<List<Hit>> found = hnsw.search(queries, 10);
            double seconds = (System.nanoTime() - t) / 1e9;
            line.append(String.format(Locale.ROOT, "; beam %d: recall@10 %.4f, %.0f queries/s", beam, recall(truth, found), queries.length / seconds));
        }
        System.out.println(line);
    }

    static double recall(List<List<Hit>> truth, List<List<Hit>> found) {
        int hit = 0;
        int total = 0;
        for (int q = 0; q < truth.size(); q++) {
            Set<Integer> ids = new HashSet<>();
            for (Hit h : truth.get(q)) ids.add(h.id());
            for (Hit h : found.get(q)) if (ids.contains(h.id())) hit++;
            total += ids.size();
        }
        return (double) hit / total;
    }

    static float[][] unit(Random rng, int n, int d) {
        float[][] out = new float[n][d];
        for (float[] v : out) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                v[j] = (float) rng.nextGaussian();
                s += v[j] * v[j];
            }
            for (int j = 0; j < d; j++) v[j] /= (float) Math.sqrt(s);
        }
        return out;
    }
}
