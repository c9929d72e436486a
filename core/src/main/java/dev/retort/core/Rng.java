package dev.retort.core;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The one source of Java-side randomness in a run (shuffles, splits, sampling). Derived streams
 * ({@link #fork(String)}) are independent of each other and of the order in which they are created,
 * so adding a new random consumer does not change the numbers an existing one sees.
 */
public final class Rng {
    private final long seed;
    private final SplittableRandom random;

    public Rng(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    public long seed() {
        return seed;
    }

    /** A stream for one named purpose, e.g. {@code rng.fork("shuffle")}. */
    public Rng fork(String purpose) {
        long h = seed * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < purpose.length(); i++) h = (h ^ purpose.charAt(i)) * 0x100000001B3L;
        return new Rng(h ^ (h >>> 31));
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public long nextLong() {
        return random.nextLong();
    }

    public double nextDouble() {
        return random.nextDouble();
    }

    public double nextGaussian() {
        // Box–Muller on the splittable stream: reproducible across JDKs, unlike Random.nextGaussian's cache.
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    public <T> void shuffle(List<T> items) {
        for (int i = items.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = items.get(i);
            items.set(i, items.get(j));
            items.set(j, t);
        }
    }
}
