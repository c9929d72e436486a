package dev.retort.elicit.collect;

import dev.retort.core.BadInputException;

/**
 * @param groupSize        claims per similarity group (~10)
 * @param anchors          global anchor claims added to every group's context pool
 * @param contextSize      context claims shown per prediction
 * @param budgetPerGroup   predictions per group in the main round
 * @param adaptiveFraction share of groups (most uncertain first) that get an extra round; with
 *                         {@link Adaptive#UNCERTAINTY}, fixes the extra round's total budget instead
 * @param adaptiveFactor   extra round's budget per chosen group as a multiple of budgetPerGroup
 * @param zeroShot         first ask every claim with no context, in both framings (the prior for shown labels)
 * @param sequential       one prediction at a time, in plan order (debugging)
 * @param maxMissing       answers without logprobs to skip (each counted, its claim named) before the run stops
 * @param flipPairs        per group, how many main-round questions are asked again with one shown label flipped
 *                         (pairs for {@code FlipSensitivity}); 0 = none
 * @param regroupBudget    predictions per group in a second round over new groups (claims regrouped so each meets
 *                         neighbours from other first-round groups; labels shown drawn from the answers so far); 0 = none
 * @param adaptiveBy       how the extra round chooses where to spend its budget
 */
public record CollectOptions(int groupSize, int anchors, int contextSize, int budgetPerGroup, double adaptiveFraction,
                             double adaptiveFactor, boolean zeroShot, boolean sequential, int maxMissing,
                             int flipPairs, int regroupBudget, Adaptive adaptiveBy) {

    /** Where the adaptive round spends its budget of ⌈fraction·groups⌉ × round(factor·budget) predictions. */
    public enum Adaptive {
        /** all of it, in equal shares, on the groups whose claims' mean log-odds are nearest ½ (a point estimate) */
        NEAREST_HALF,
        /** over every group, in proportion to its claims' mean measured epistemic + aleatoric uncertainty */
        UNCERTAINTY;

        public static Adaptive parse(String s) {
            for (Adaptive a : values()) if (a.cliName().equals(s.trim().toLowerCase(java.util.Locale.ROOT))) return a;
            throw new BadInputException("--adaptive-by: unknown value '" + s + "'; use nearest-half or uncertainty");
        }

        public String cliName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public CollectOptions {
        if (groupSize < 2) throw new BadInputException("--group-size must be ≥ 2");
        if (anchors < 0 || contextSize < 0 || budgetPerGroup < 0 || maxMissing < 0 || flipPairs < 0 || regroupBudget < 0)
            throw new BadInputException("--anchors, --context, --budget, --max-missing, --flip-pairs and --regroup-budget must be ≥ 0");
        if (adaptiveBy == null) throw new BadInputException("--adaptive-by is required (nearest-half or uncertainty)");
        if (adaptiveFraction < 0 || adaptiveFraction > 1 || adaptiveFactor < 0)
            throw new BadInputException("--adaptive-fraction must be in [0, 1] and --adaptive-factor ≥ 0");
    }

    public static CollectOptions defaults() {
        return new CollectOptions(10, 2, 6, 60, 0.25, 0.5, true, false, 20, 0, 0, Adaptive.NEAREST_HALF);
    }
}
