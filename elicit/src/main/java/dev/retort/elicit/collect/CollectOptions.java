package dev.retort.elicit.collect;

import dev.retort.core.BadInputException;

/**
 * @param groupSize        claims per similarity group (~10)
 * @param anchors          global anchor claims added to every group's context pool
 * @param contextSize      context claims shown per prediction
 * @param budgetPerGroup   predictions per group in the main round
 * @param adaptiveFraction share of groups (most uncertain first) that get an extra round
 * @param adaptiveFactor   extra round's budget as a multiple of budgetPerGroup
 * @param zeroShot         first ask every claim with no context, in both framings (the prior for shown labels)
 * @param sequential       one prediction at a time, in plan order (debugging)
 * @param maxMissing       answers without logprobs to skip (each counted, its claim named) before the run stops
 * @param flipPairs        per group, how many main-round questions are asked again with one shown label flipped
 *                         (pairs for {@code FlipSensitivity}); 0 = none
 */
public record CollectOptions(int groupSize, int anchors, int contextSize, int budgetPerGroup, double adaptiveFraction,
                             double adaptiveFactor, boolean zeroShot, boolean sequential, int maxMissing,
                             int flipPairs) {
    public CollectOptions {
        if (groupSize < 2) throw new BadInputException("--group-size must be ≥ 2");
        if (anchors < 0 || contextSize < 0 || budgetPerGroup < 0 || maxMissing < 0 || flipPairs < 0)
            throw new BadInputException("--anchors, --context, --budget, --max-missing and --flip-pairs must be ≥ 0");
        if (adaptiveFraction < 0 || adaptiveFraction > 1 || adaptiveFactor < 0)
            throw new BadInputException("--adaptive-fraction must be in [0, 1] and --adaptive-factor ≥ 0");
    }

    public static CollectOptions defaults() {
        return new CollectOptions(10, 2, 6, 60, 0.25, 0.5, true, false, 20, 0);
    }
}
