package dev.retort.bench.text;

import dev.retort.core.Engine;
import dev.retort.core.io.NdArray;
import dev.retort.core.io.Npy;
import dev.retort.text.index.ExactIndex;
import dev.retort.text.index.Hit;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * retort side of bench/text/exact-search.sh: loads DIR/base.npy and DIR/queries.npy, searches top-10 for all
 * queries REPS times with one libtorch thread, and prints wall and CPU times and the top-10 overlap with FAISS's ids.
 * Usage: ExactSearchBench DIR REPS
 */
public final class ExactSearchBench {
    private ExactSearchBench() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int reps = Integer.parseInt(args[1]);
        Engine.start(new Engine.Config(Engine.Backend.CPU, 1, 0));
        float[][] base = rows(Npy.read(dir.resolve("base.npy")));
        float[][] queries = rows(Npy.read(dir.resolve("queries.npy")));
        ExactIndex index = new ExactIndex(base[0].length);
        for (float[] v : base) index.add(v, null);
        index.search(java.util.Arrays.copyOf(queries, 50), 10);   // warm-up, builds the matrix
        // Wall time and this thread's CPU time (libtorch and OpenBLAS run on the calling thread with 1 thread).
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        StringBuilder times = new StringBuilder("retort_seconds");
        StringBuilder cpu = new StringBuilder("retort_cpu_seconds");
        List<List<Hit>> hits = null;
        for (int r = 0; r < reps; r++) {
            long t = System.nanoTime();
            long c = threads.getCurrentThreadCpuTime();
            hits = index.search(queries, 10);
            times.append(String.format(Locale.ROOT, " %.4f", (System.nanoTime() - t) / 1e9));
            cpu.append(String.format(Locale.ROOT, " %.4f", (threads.getCurrentThreadCpuTime() - c) / 1e9));
        }
        long[] faiss = Npy.read(dir.resolve("faiss_ids.npy")).toLongs();
        int same = 0;
        for (int q = 0; q < queries.length; q++) {
            for (Hit h : hits.get(q)) {
                for (int j = 0; j < 10; j++) if (faiss[q * 10 + j] == h.id()) same++;
            }
        }
        System.out.println(times);
        System.out.println(cpu);
        System.out.printf(Locale.ROOT, "overlap_with_faiss %.5f%n", same / (10.0 * queries.length));
    }

    static float[][] rows(NdArray a) {
        int n = (int) a.shape()[0];
        int d = (int) a.shape()[1];
        float[] flat = a.toFloats();
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) out[i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        return out;
    }
}
