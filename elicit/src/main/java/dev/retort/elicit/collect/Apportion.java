package dev.retort.elicit.collect;

/** Splitting a whole number of predictions among groups in proportion to their shares. */
final class Apportion {
    private Apportion() {
    }

    /**
     * Largest-remainder apportionment: each group gets ⌊total·share/Σshare⌋, and the predictions left over go one each
     * to the largest remainders (ties to the lower index). Equal shares when every share is 0. The parts sum to total.
     *
     * @param shares ≥ 0, finite
     */
    static int[] largestRemainder(double[] shares, long total) {
        int n = shares.length;
        int[] out = new int[n];
        if (n == 0 || total == 0) return out;
        double sum = 0;
        for (double s : shares) sum += s;
        double[] quota = new double[n];
        for (int i = 0; i < n; i++) quota[i] = sum > 0 ? total * shares[i] / sum : (double) total / n;
        long given = 0;
        for (int i = 0; i < n; i++) {
            out[i] = (int) Math.floor(quota[i]);
            given += out[i];
        }
        Integer[] byRemainder = new Integer[n];
        for (int i = 0; i < n; i++) byRemainder[i] = i;
        java.util.Arrays.sort(byRemainder, (a, b) -> {
            int c = Double.compare(quota[b] - out[b], quota[a] - out[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        for (int k = 0; given < total; k = (k + 1) % n, given++) out[byRemainder[k]]++;
        return out;
    }
}
