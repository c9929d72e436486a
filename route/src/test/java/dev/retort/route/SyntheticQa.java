package dev.retort.route;

import dev.retort.core.Rng;

/**
 * Small synthetic embedded Q/A data: {@code clusters} topics in d dims; each pair's answer is its topic
 * centre plus noise, its question the answer under a fixed per-topic rotation-like mixing plus noise. Rows
 * are unit-norm like sentence embeddings.
 */
record SyntheticQa(float[][] questions, float[][] answers, int[] topic) {

    static SyntheticQa generate(int clusters, int perCluster, int d, long seed) {
        Rng rng = new Rng(seed);
        int n = clusters * perCluster;
        float[][] q = new float[n][d], a = new float[n][d];
        int[] topic = new int[n];
        float[][] centres = new float[clusters][d];
        for (float[] c : centres) for (int j = 0; j < d; j++) c[j] = (float) rng.nextGaussian();
        for (int i = 0; i < n; i++) {
            int c = i / perCluster;
            topic[i] = c;
            for (int j = 0; j < d; j++) a[i][j] = centres[c][j] + 0.3f * (float) rng.nextGaussian();
            for (int j = 0; j < d; j++) q[i][j] = a[i][(j + 1 + c) % d] + 0.3f * (float) rng.nextGaussian();
            unit(a[i]);
            unit(q[i]);
        }
        return new SyntheticQa(q, a, topic);
    }

    static void unit(float[] v) {
        double s = 0;
        for (float x : v) s += x * x;
        float inv = (float) (1 / Math.sqrt(s));
        for (int j = 0; j < v.length; j++) v[j] *= inv;
    }
}
