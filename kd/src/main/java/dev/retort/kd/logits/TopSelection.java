package dev.retort.kd.logits;

import java.util.PriorityQueue;

/** Indices of the k largest values of a slice, largest first (ties: smaller index first). */
final class TopSelection {
    private TopSelection() {
    }

    static int[] largest(float[] x, int offset, int n, int k) {
        // min-heap of the best k seen so far; the root is the weakest
        PriorityQueue<Integer> heap = new PriorityQueue<>(k + 1, (a, b) -> better(x, offset, b, a));
        for (int i = 0; i < n; i++) {
            if (heap.size() < k) heap.add(i);
            else if (better(x, offset, i, heap.peek()) < 0) {
                heap.poll();
                heap.add(i);
            }
        }
        int[] out = new int[heap.size()];
        for (int j = out.length - 1; j >= 0; j--) out[j] = heap.poll();
        return out;
    }

    /** Negative when index a ranks before index b. */
    private static int better(float[] x, int offset, int a, int b) {
        int c = Float.compare(x[offset + b], x[offset + a]);
        return c != 0 ? c : Integer.compare(a, b);
    }
}
