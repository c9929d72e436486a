package dev.retort.kd.logits;

import java.util.Arrays;

/**
 * A teacher's logits for one example: {@link #length()} target positions × {@link #vocabSize()} token ids.
 * {@link Dense} holds every value (what the course format stores); {@link TopK} is the compact view our
 * default format stores: per position the K largest logits, their ids and the log of the probability mass
 * of all other ids.
 */
public sealed interface TeacherLogits permits TeacherLogits.Dense, TeacherLogits.TopK {
    /** Logit given to ids outside the top K when a {@link TopK} has no remaining mass (finite, so 0 × logit stays 0). */
    float NO_MASS_LOGIT = -1e4f;

    String id();

    int length();

    int vocabSize();

    /** Logits of position t over the whole vocabulary, [V] (for {@link TopK}: the tail mass spread evenly). */
    float[] row(int t);

    /** The K best ids per position; K is capped at the vocabulary size. */
    TopK topK(int k);

    /** @param values [T·V] row-major */
    record Dense(String id, int length, int vocabSize, float[] values) implements TeacherLogits {
        public Dense {
            if (length < 0 || vocabSize < 1 || (long) length * vocabSize != values.length)
                throw new IllegalArgumentException(id + ": " + values.length + " values do not make " + length + " × " + vocabSize);
        }

        public static Dense of(String id, float[][] rows) {
            int v = rows.length == 0 ? 1 : rows[0].length;
            float[] flat = new float[rows.length * v];
            for (int t = 0; t < rows.length; t++) {
                if (rows[t].length != v) throw new IllegalArgumentException(id + ": row " + t + " has " + rows[t].length + " values, row 0 has " + v);
                System.arraycopy(rows[t], 0, flat, t * v, v);
            }
            return new Dense(id, rows.length, v, flat);
        }

        public float get(int t, int v) {
            return values[t * vocabSize + v];
        }

        @Override
        public float[] row(int t) {
            return Arrays.copyOfRange(values, t * vocabSize, (t + 1) * vocabSize);
        }

        /** The first {@code t} positions (drop padding positions). */
        public Dense prefix(int t) {
            return new Dense(id, t, vocabSize, Arrays.copyOf(values, t * vocabSize));
        }

        @Override
        public TopK topK(int k) {
            int kk = Math.min(k, vocabSize);
            int[] ids = new int[length * kk];
            float[] top = new float[length * kk];
            float[] logRest = new float[length];
            for (int t = 0; t < length; t++) {
                int off = t * vocabSize;
                int[] best = TopSelection.largest(values, off, vocabSize, kk);
                double logZ = LogSumExp.of(values, off, vocabSize);
                boolean[] chosen = new boolean[vocabSize];
                for (int j = 0; j < kk; j++) {
                    ids[t * kk + j] = best[j];
                    top[t * kk + j] = values[off + best[j]];
                    chosen[best[j]] = true;
                }
                double maxRest = Double.NEGATIVE_INFINITY;
                for (int v = 0; v < vocabSize; v++) if (!chosen[v]) maxRest = Math.max(maxRest, values[off + v]);
                double sum = 0;
                for (int v = 0; v < vocabSize; v++) if (!chosen[v]) sum += Math.exp(values[off + v] - maxRest);
                logRest[t] = kk == vocabSize ? Float.NEGATIVE_INFINITY : (float) (maxRest + Math.log(sum) - logZ);
            }
            return new TopK(id, length, vocabSize, kk, ids, top, logRest);
        }
    }

    /**
     * @param ids     [T·K] token ids, best first
     * @param logits  [T·K] their logits (as stored: float16 precision in files)
     * @param logRest [T] log of the softmax mass of all ids not in the top K (−∞ when K = V)
     */
    record TopK(String id, int length, int vocabSize, int k, int[] ids, float[] logits, float[] logRest) implements TeacherLogits {
        public TopK {
            if (k < 1 || k > vocabSize || ids.length != length * k || logits.length != length * k || logRest.length != length)
                throw new IllegalArgumentException(id + ": top-" + k + " arrays do not match " + length + " positions");
        }

        @Override
        public float[] row(int t) {
            float[] row = new float[vocabSize];
            Arrays.fill(row, tailLogit(t));
            for (int j = 0; j < k; j++) row[ids[t * k + j]] = logits[t * k + j];
            return row;
        }

        /** The logit that gives each non-top id an equal share of the remaining mass. */
        public float tailLogit(int t) {
            if (logRest[t] == Float.NEGATIVE_INFINITY || k == vocabSize) return NO_MASS_LOGIT;
            double logTop = LogSumExp.of(logits, t * k, k);
            double logZ = logTop - Math.log(-Math.expm1(logRest[t]));   // top mass = 1 − rest
            return (float) (logZ + logRest[t] - Math.log(vocabSize - k));
        }

        @Override
        public TopK topK(int kk) {
            if (kk >= k) return this;
            int[] i2 = new int[length * kk];
            float[] l2 = new float[length * kk];
            float[] r2 = new float[length];
            for (int t = 0; t < length; t++) {
                System.arraycopy(ids, t * k, i2, t * kk, kk);
                System.arraycopy(logits, t * k, l2, t * kk, kk);
                double logTop = LogSumExp.of(logits, t * k, k);
                double logZ = logRest[t] == Float.NEGATIVE_INFINITY ? logTop : logTop - Math.log(-Math.expm1(logRest[t]));
                double keptMass = Math.exp(LogSumExp.of(logits, t * k, kk) - logZ);
                r2[t] = (float) Math.log1p(-Math.min(keptMass, 1.0));
            }
            return new TopK(id, length, vocabSize, kk, i2, l2, r2);
        }
    }
}
