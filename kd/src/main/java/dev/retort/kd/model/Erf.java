package dev.retort.kd.model;

/**
 * The error function, accurate to about 1e-9 absolute everywhere, without a per-call series or exp: erf is
 * tabulated on [0, 6] at class load from a series that converges for every z, and evaluated by cubic Hermite
 * interpolation between table points (the derivative 2/√π·e^(−z²) is known exactly). Beyond 6, |erf| is 1 to
 * within 2e-17. Used by the exact GELU of {@link VectorMath#gelu}.
 */
final class Erf {
    private static final int STEPS_PER_UNIT = 64;      // interpolation error ≈ 7e-10 at this spacing
    private static final double RANGE = 6.0;
    private static final int INTERVALS = (int) (RANGE * STEPS_PER_UNIT);
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
    private static final double[] CUBIC = cubics();    // [INTERVALS * 4]: c0..c3 of each interval, in u ∈ [0, 1)

    private Erf() {
    }

    static double erf(double z) {
        double a = Math.abs(z);
        if (!(a < RANGE)) return Double.isNaN(z) ? z : Math.copySign(1.0, z);
        double x = a * STEPS_PER_UNIT;
        int i = (int) x;
        double u = x - i;
        int c = 4 * i;
        double value = CUBIC[c] + u * (CUBIC[c + 1] + u * (CUBIC[c + 2] + u * CUBIC[c + 3]));
        return Math.copySign(value, z);
    }

    /** Hermite cubic on each interval from erf and its derivative (scaled to the interval) at both ends. */
    private static double[] cubics() {
        double[] c = new double[INTERVALS * 4];
        for (int i = 0; i < INTERVALS; i++) {
            double z0 = (double) i / STEPS_PER_UNIT, z1 = (double) (i + 1) / STEPS_PER_UNIT;
            double p0 = series(z0), p1 = series(z1);
            double m0 = derivative(z0) / STEPS_PER_UNIT, m1 = derivative(z1) / STEPS_PER_UNIT;
            c[4 * i] = p0;
            c[4 * i + 1] = m0;
            c[4 * i + 2] = 3 * (p1 - p0) - 2 * m0 - m1;
            c[4 * i + 3] = 2 * (p0 - p1) + m0 + m1;
        }
        return c;
    }

    private static double derivative(double z) {
        return TWO_OVER_SQRT_PI * Math.exp(-z * z);
    }

    /**
     * erf(z) = 2/√π · e^(−z²) · Σₙ 2ⁿ z^(2n+1) / (1·3·…·(2n+1)) for z ≥ 0: every term is positive, so summing
     * loses nothing to cancellation (the Maclaurin series alternates and would, for z near 6).
     */
    private static double series(double z) {
        double term = z, sum = z;
        for (int n = 1; term > 1e-18 * sum; n++) {
            term *= 2 * z * z / (2 * n + 1);
            sum += term;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-z * z) * sum;
    }
}
