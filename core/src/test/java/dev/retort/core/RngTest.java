package dev.retort.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RngTest {

    private static double[] draw(Rng r, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = r.nextDouble();
        return out;
    }

    @Test
    void sameSeedGivesTheSameStreamOfEveryKind() {
        Rng a = new Rng(42), b = new Rng(42);
        for (int i = 0; i < 100; i++) {
            assertThat(a.nextLong()).isEqualTo(b.nextLong());
            assertThat(a.nextInt(17)).isEqualTo(b.nextInt(17));
            assertThat(a.nextGaussian()).isEqualTo(b.nextGaussian());
        }
        assertThat(a.permutation(50)).containsExactly(b.permutation(50));
        List<Integer> la = new ArrayList<>(IntStream.range(0, 30).boxed().toList()), lb = new ArrayList<>(la);
        a.shuffle(la);
        b.shuffle(lb);
        assertThat(la).isEqualTo(lb).isNotEqualTo(IntStream.range(0, 30).boxed().toList());
        assertThat(draw(new Rng(43), 10)).isNotEqualTo(draw(new Rng(42), 10));
        assertThat(new Rng(42).seed()).isEqualTo(42);
    }

    @Test
    void forksDependOnSeedAndPurposeOnlyNotOnOrderOrParentUse() {
        Rng fresh = new Rng(7);
        Rng used = new Rng(7);
        draw(used, 1000);
        used.fork("other");
        assertThat(draw(used.fork("shuffle"), 20)).containsExactly(draw(fresh.fork("shuffle"), 20));
        assertThat(draw(fresh.fork("shuffle"), 20)).isNotEqualTo(draw(fresh.fork("split"), 20));
        assertThat(draw(new Rng(8).fork("shuffle"), 20)).isNotEqualTo(draw(fresh.fork("shuffle"), 20));
        assertThat(draw(fresh.fork("ab"), 5)).isNotEqualTo(draw(fresh.fork("ba"), 5));
        // forking twice is not the same as forking once
        assertThat(draw(fresh.fork("a").fork("a"), 5)).isNotEqualTo(draw(fresh.fork("a"), 5));
    }

    @Test
    void forkSeedsDoNotCollideAndForkedStreamsAreUncorrelated() {
        Rng root = new Rng(1);
        var seeds = new HashSet<Long>();
        for (int i = 0; i < 10_000; i++) seeds.add(root.fork("purpose-" + i).seed());
        assertThat(seeds).hasSize(10_000);
        for (long seed : new long[]{0, 1, 42, -1}) {
            Rng r = new Rng(seed);
            double[] parent = draw(new Rng(seed), 20_000);
            double[] child = draw(r.fork("x"), 20_000);
            double[] sibling = draw(r.fork("y"), 20_000);
            assertThat(Math.abs(correlation(parent, child))).as("seed %d parent/child", seed).isLessThan(0.03);
            assertThat(Math.abs(correlation(child, sibling))).as("seed %d siblings", seed).isLessThan(0.03);
        }
    }

    @Test
    void gaussianHasMeanZeroVarianceOneAndNeverNaN() {
        Rng r = new Rng(3);
        int n = 200_000;
        double sum = 0, sq = 0;
        for (int i = 0; i < n; i++) {
            double g = r.nextGaussian();
            assertThat(Double.isFinite(g)).isTrue();
            sum += g;
            sq += g * g;
        }
        double mean = sum / n;
        assertThat(mean).isCloseTo(0, within(0.01)); // 4.5 standard errors
        assertThat(sq / n - mean * mean).isCloseTo(1, within(0.015));
    }

    @Test
    void permutationsArePermutationsAndUniform() {
        Rng r = new Rng(5);
        int n = 6, rounds = 60_000;
        int[][] counts = new int[n][n]; // counts[value][position]
        for (int k = 0; k < rounds; k++) {
            int[] p = r.permutation(n);
            assertThat(IntStream.of(p).sorted().toArray()).containsExactly(0, 1, 2, 3, 4, 5);
            for (int pos = 0; pos < n; pos++) counts[p[pos]][pos]++;
        }
        // chi-square over 36 cells, 25 degrees of freedom: 99.9th percentile is 52.6
        double expected = rounds / (double) n, chi2 = 0;
        for (int[] row : counts) for (int c : row) chi2 += (c - expected) * (c - expected) / expected;
        assertThat(chi2).isLessThan(52.6);
        assertThat(r.permutation(0)).isEmpty();
        for (int i = 0; i < 1000; i++) assertThat(r.nextInt(3)).isBetween(0, 2);
    }

    private static double correlation(double[] x, double[] y) {
        double mx = 0, my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= x.length;
        my /= y.length;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
