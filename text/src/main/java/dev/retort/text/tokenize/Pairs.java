package dev.retort.text.tokenize;

/** A pair of token ids packed into one long, the key of merge tables and pair counts. */
final class Pairs {
    private Pairs() {
    }

    static long of(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    static int left(long pair) {
        return (int) (pair >>> 32);
    }

    static int right(long pair) {
        return (int) pair;
    }
}
