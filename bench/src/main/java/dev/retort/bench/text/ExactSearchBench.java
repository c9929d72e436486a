package dev.retort.bench.text;

import dev.retort.core.Engine;
import dev.retort.core.io.NdArray;
import dev.retort.core.io.Npy;
import dev.retort.text.index.ExactIndex;
import dev.retort.text.index.Hit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * retort side of bench/text/exact-search.sh, driven by bench/text/exact_search.py: loads DIR/base.npy and
 * DIR/queries.npy into an ExactIndex (one libtorch thread), prints "ready", then answers each "search" line on
 * stdin with one top-10 search of all queries and prints its wall and CPU seconds (libtorch and OpenBLAS run on
 * this thread). At end of input it prints the top-10 overlap with DIR/faiss_ids.npy.
 * Usage: ExactSearchBench DIR
 */
public final class ExactSearchBench {
    private ExactSearchBench() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Engine.start(new Engine.Config(Engine.Backend.CPU, 1, 0));
        float[][] base = rows(Npy.read(dir.resolve("base.npy")));
        float[][] queries = rows(Npy.read(dir.resolve("queries.npy")));
        ExactIndex index = new ExactIndex(base[0].length);
        for (float[] v : base) index.add(v, null);
        index.search(queries, 10);   // warm-up: builds the matrix, JIT
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("ready");
        List<List<Hit>> hits = null;
        while ("search".equals(in.readLine())) {
            long t = System.nanoTime();
            long c = threads.getCurrentThreadCpuTime();
            hits = index.search(queries, 10);
            System.out.printf(Locale.ROOT, "%.4f %.4f%n", (System.nanoTime() - t) / 1e9, (threads.getCurrentThreadCpuTime() - c) / 1e9);
        }
        long[] faiss = Npy.read(dir.resolve("faiss_ids.npy")).toLongs();
        int same = 0;
        for (int q = 0; q < queries.length && hits != null; q++) {
            for (Hit h : hits.get(q)) {
                for (int j = 0; j < 10; j++) if (faiss[q * 10 + j] == h.id()) same++;
            }
        }
        System.out.printf(Locale.ROOT, "overlap_with_faiss %.5f%n", same / (10.0 * queries.length));
    }

    static float[][] rows(NdArray a) {
        int n = (int) a.shape()[0];
        int d = (int) a.shape()[1];
        float[] flat = a.toFloats();
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) out[i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        return out;
    }
}
