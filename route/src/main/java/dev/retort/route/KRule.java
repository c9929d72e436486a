package dev.retort.route;

import dev.retort.core.BadInputException;
import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.util.Locale;

/**
 * How many clusters to use, read off the singular values σ of the (column-centred) answer-embedding matrix.
 * {@code participation} = (Σσ)²/Σσ² — the formula of the original pipeline; {@code erank} = exp(H(σ/Σσ)),
 * the effective rank of Roy &amp; Vetterli (2007). Both equal r for r equal singular values and 1 for one.
 */
public enum KRule {
    PARTICIPATION, ERANK;

    public static KRule parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "participation" -> PARTICIPATION;
            case "erank" -> ERANK;
            default -> throw new BadInputException("unknown --k-rule '" + name + "': use participation or erank");
        };
    }

    /** The rule applied to singular values (any order, non-negative). */
    public double of(double[] sigma) {
        double sum = 0, sumSq = 0;
        for (double s : sigma) {
            if (s < 0 || !Double.isFinite(s)) throw new IllegalArgumentException("singular values must be finite and ≥ 0, got " + s);
            sum += s;
            sumSq += s * s;
        }
        if (sum == 0) return 1;
        return switch (this) {
            case PARTICIPATION -> sum * sum / sumSq;
            case ERANK -> {
                double h = 0;
                for (double s : sigma) {
                    double p = s / sum;
                    if (p > 0) h -= p * Math.log(p);
                }
                yield Math.exp(h);
            }
        };
    }

    /** Rounded rule on x [n, d]'s centred singular values, clamped to [1, maxK]. */
    int clusters(Tensor x, int maxK) {
        Tensor centred = x.sub(x.mean(new long[]{0}, true, new org.bytedeco.pytorch.ScalarTypeOptional()));
        float[] s = Tensors.toFloats(torch.linalg_svdvals(centred));
        double[] sigma = new double[s.length];
        for (int i = 0; i < s.length; i++) sigma[i] = s[i];
        return (int) Math.max(1, Math.min(maxK, Math.round(of(sigma))));
    }
}
