package dev.retort.elicit.optimize;

import dev.retort.core.BadInputException;
import dev.retort.elicit.claims.Uncertainty;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * @param weights      loss-term weights
 * @param method       LBFGS (strong-Wolfe line search) or ADAMW
 * @param temperature  prior temperature T in p = σ(mean log-odds / T)
 * @param maxIterations L-BFGS iterations (or AdamW steps) at most
 * @param learningRate L-BFGS initial step (1 is standard) or AdamW learning rate
 * @param rankGap      smallest mean log-odds gap for which two claims of a group are ranked
 * @param evidence     how much each claim's measured uncertainty lowers the weight of its own evidence (off by default)
 */
public record OptimizeOptions(LossWeights weights, Method method, double temperature, int maxIterations,
                              double learningRate, double rankGap, Evidence evidence) {
    public enum Method { LBFGS, ADAMW }

    public static OptimizeOptions defaults() {
        return new OptimizeOptions(LossWeights.DEFAULT, Method.LBFGS, 1.0, 500, 1.0, 1.0, Evidence.OFF);
    }

    /**
     * Evidence weights split by kind ({@link Uncertainty}): claim i's prior and mutual-predictability terms weigh
     * ω_i = 1 / (1 + epistemic·u_e(i) + aleatoric·u_a(i)), renormalized so that the weights average 1 over the claims
     * a term covers. Both 0 (the default): every ω_i = 1, the unweighted loss.
     *
     * @param epistemic weight of the ensemble variance of the claim's predictions ({@code --epistemic-weight})
     * @param aleatoric weight of the claim's consistency failures ({@code --aleatoric-weight})
     */
    public record Evidence(double epistemic, double aleatoric) {
        public static final Evidence OFF = new Evidence(0, 0);

        public Evidence {
            if (!(epistemic >= 0) || !Double.isFinite(epistemic))
                throw new BadInputException("--epistemic-weight must be finite and ≥ 0, got " + epistemic);
            if (!(aleatoric >= 0) || !Double.isFinite(aleatoric))
                throw new BadInputException("--aleatoric-weight must be finite and ≥ 0, got " + aleatoric);
        }

        /** ω per claim, before renormalization. */
        public double[] omega(Uncertainty u) {
            double[] w = new double[u.size()];
            for (int i = 0; i < w.length; i++) w[i] = 1 / (1 + epistemic * u.epistemic()[i] + aleatoric * u.aleatoric()[i]);
            return w;
        }

        public Map<String, Double> asMap() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("epistemic", epistemic);
            m.put("aleatoric", aleatoric);
            return m;
        }
    }

    public OptimizeOptions {
        if (!(temperature > 0)) throw new BadInputException("--temperature must be > 0, got " + temperature);
        if (maxIterations < 1) throw new BadInputException("--max-iterations must be ≥ 1, got " + maxIterations);
        if (!(learningRate > 0)) throw new BadInputException("--learning-rate must be > 0, got " + learningRate);
        if (evidence == null) evidence = Evidence.OFF;
    }

    /** "optimized (lbfgs)": the name comparison tables give the labels this optimizer finds. */
    public String label() {
        return "optimized (" + method.name().toLowerCase(Locale.ROOT) + ")";
    }

    public OptimizeOptions withWeights(LossWeights w) {
        return new OptimizeOptions(w, method, temperature, maxIterations, learningRate, rankGap, evidence);
    }

    public OptimizeOptions withTemperature(double t) {
        return new OptimizeOptions(weights, method, t, maxIterations, learningRate, rankGap, evidence);
    }

    public OptimizeOptions withEvidence(Evidence e) {
        return new OptimizeOptions(weights, method, temperature, maxIterations, learningRate, rankGap, e);
    }
}
