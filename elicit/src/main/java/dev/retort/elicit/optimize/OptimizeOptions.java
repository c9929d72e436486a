package dev.retort.elicit.optimize;

import dev.retort.core.BadInputException;

/**
 * @param weights      loss-term weights
 * @param method       LBFGS (strong-Wolfe line search) or ADAMW
 * @param temperature  prior temperature T in p = σ(mean log-odds / T)
 * @param maxIterations L-BFGS iterations (or AdamW steps) at most
 * @param learningRate L-BFGS initial step (1 is standard) or AdamW learning rate
 * @param rankGap      smallest mean log-odds gap for which two claims of a group are ranked
 */
public record OptimizeOptions(LossWeights weights, Method method, double temperature, int maxIterations,
                              double learningRate, double rankGap) {
    public enum Method { LBFGS, ADAMW }

    public static OptimizeOptions defaults() {
        return new OptimizeOptions(LossWeights.DEFAULT, Method.LBFGS, 1.0, 500, 1.0, 1.0);
    }

    public OptimizeOptions {
        if (!(temperature > 0)) throw new BadInputException("--temperature must be > 0, got " + temperature);
        if (maxIterations < 1) throw new BadInputException("--max-iterations must be ≥ 1, got " + maxIterations);
        if (!(learningRate > 0)) throw new BadInputException("--learning-rate must be > 0, got " + learningRate);
    }

    public OptimizeOptions withWeights(LossWeights w) {
        return new OptimizeOptions(w, method, temperature, maxIterations, learningRate, rankGap);
    }

    public OptimizeOptions withTemperature(double t) {
        return new OptimizeOptions(weights, method, t, maxIterations, learningRate, rankGap);
    }
}
