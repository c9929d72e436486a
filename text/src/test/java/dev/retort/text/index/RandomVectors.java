package dev.retort.text.index;

import java.util.Arrays;
import java.util.Random;

/** Seeded random unit vectors and brute-force answers for index tests. */
final class RandomVectors {
    private RandomVectors() {
    }

    static float[][] unit(int n, int d, long seed) {
        Random r = new Random(seed);
        float[][] out = new float[n][d];
        for (float[] v : out) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                v[j] = (float) r.nextGaussian();
                s += v[j] * v[j];
            }
            float inv = (float) (1 / Math.sqrt(s));
            for (int j = 0; j < d; j++) v[j] *= inv;
        }
        return out;
    }

    static float dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return (float) s;
    }

    /** Ids of the k best items by brute force, best first. */
    static int[] bestIds(float[][] data, float[] query, int k) {
        Integer[] ids = new Integer[data.length];
        for (int i = 0; i < ids.length; i++) ids[i] = i;
        Arrays.sort(ids, (a, b) -> Float.compare(dot(data[b], query), dot(data[a], query)));
        return Arrays.stream(ids).limit(k).mapToInt(Integer::intValue).toArray();
    }

    static VectorIndex filled(VectorIndex.Kind kind, float[][] data) {
        VectorIndex index = VectorIndex.create(kind, data[0].length);
        for (int i = 0; i < data.length; i++) index.add(data[i], java.util.Map.of("row", i, "text", "item " + i));
        return index;
    }
}
