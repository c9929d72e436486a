package dev.retort.kd.logits;

/** Indices of the k largest values of a slice, largest first (ties: smaller index first). One pass, no boxing. */
final class TopSelection {
    private TopSelection() {
    }

    static int[] largest(float[] x, int offset, int n, int k) {
        int[] idx = new int[k];
        float[] val = new float[k];
        int size = 0;
        for (int i = 0; i < n; i++) {
            float v = x[offset + i];
            if (size == k && !(v > val[k - 1])) continue;   // an equal later value never displaces an earlier one
            int at = size == k ? k - 1 : size++;
            while (at > 0 && v > val[at - 1]) {
                val[at] = val[at - 1];
                idx[at] = idx[at - 1];
                at--;
            }
            val[at] = v;
            idx[at] = i;
        }
        return size == k ? idx : java.util.Arrays.copyOf(idx, size);
    }
}
