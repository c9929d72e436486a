package dev.retort.cli.elicit;

import dev.retort.elicit.optimize.LossWeights;
import dev.retort.elicit.optimize.OptimizeOptions;
import picocli.CommandLine.Option;

/** Loss weights and optimizer settings shared by optimize and evaluate. */
public final class OptimizerOptions {
    @Option(names = "--weights", paramLabel = "term=w,…",
            description = "Loss-term weights; 0 switches a term off. Terms: prior, mutual, ranking, consistency, entropy (default: prior=1,mutual=2,ranking=0,consistency=2,entropy=0).")
    String weights;

    @Option(names = "--method", defaultValue = "lbfgs", paramLabel = "lbfgs|adamw", description = "Optimizer (default: ${DEFAULT-VALUE}; L-BFGS uses a strong-Wolfe line search).")
    OptimizeOptions.Method method;

    @Option(names = "--temperature", defaultValue = "1.0", paramLabel = "T", description = "Prior temperature: p = σ(mean log-odds / T) (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--max-iterations", defaultValue = "500", paramLabel = "N", description = "L-BFGS iterations or AdamW steps at most (default: ${DEFAULT-VALUE}).")
    int maxIterations;

    @Option(names = "--learning-rate", paramLabel = "LR", description = "L-BFGS step (default 1) or AdamW learning rate (default 0.05).")
    Double learningRate;

    @Option(names = "--rank-gap", defaultValue = "1.0", paramLabel = "NATS", description = "Rank two claims of a group when their mean log-odds differ by at least this (default: ${DEFAULT-VALUE}).")
    double rankGap;

    @Option(names = "--epistemic-weight", defaultValue = "0", paramLabel = "X",
            description = "Evidence weights: lower a claim's prior and mutual-predictability weight by its epistemic uncertainty (the variance "
                    + "of its predictions across contexts), ω = 1/(1 + X·epistemic + Y·aleatoric) (default: ${DEFAULT-VALUE} = off).")
    double epistemicWeight;

    @Option(names = "--aleatoric-weight", defaultValue = "0", paramLabel = "Y",
            description = "Evidence weights: the same for its aleatoric uncertainty (how often the model's answers about it fail a "
                    + "framing or consistency check) (default: ${DEFAULT-VALUE} = off).")
    double aleatoricWeight;

    OptimizeOptions options() {
        double lr = learningRate != null ? learningRate : method == OptimizeOptions.Method.LBFGS ? 1.0 : 0.05;
        return new OptimizeOptions(LossWeights.parse(weights, LossWeights.DEFAULT), method, temperature, maxIterations, lr, rankGap,
                new OptimizeOptions.Evidence(epistemicWeight, aleatoricWeight));
    }
}
