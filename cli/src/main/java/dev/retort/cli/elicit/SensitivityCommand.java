package dev.retort.cli.elicit;

import dev.retort.cli.InputOptions;
import dev.retort.core.io.BadRecords;
import dev.retort.core.run.RunDirectory;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.elicit.claims.PredictionTuple;
import dev.retort.elicit.evaluate.FlipSensitivity;
import dev.retort.elicit.evaluate.SensitivityRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code retort elicit sensitivity}: how far one flipped context label moves a target's prediction. */
@Command(name = "sensitivity", mixinStandardHelpOptions = true,
        description = "Flip sensitivity: from pairs of tuples with the same target, framing and context whose shown labels differ in exactly " +
                "one position, the mean |change in log-odds| per claim and over all pairs, counting a pair only when the first " +
                "prediction's confidence is above --min-confidence. Collect pairs with `elicit collect --flip-pairs N`. " +
                "Writes sensitivity.csv and sensitivity.json.",
        footer = {"", "Example:",
                "  retort elicit collect --claims claims.jsonl --flip-pairs 3 --output-dir results/run",
                "  retort elicit sensitivity --claims results/run/claims.jsonl --tuples results/run/tuples.jsonl"})
public final class SensitivityCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    InputOptions input;
    @Mixin
    ClaimOptions claims;
    @Mixin
    TupleRunOptions files;
    @Option(names = "--min-confidence", defaultValue = "0.6", paramLabel = "P",
            description = "Count a pair only when max(P(true), P(false)) of its first prediction is above P (default: ${DEFAULT-VALUE}).")
    double minConfidence;

    @Override
    public Integer call() {
        SensitivityRun sensitivity = new SensitivityRun(minConfidence);
        PrintWriter out = spec.commandLine().getOut();
        BadRecords bad = input.badRecords();
        ClaimSet claimSet = claims.load(bad);
        List<PredictionTuple> tuples = files.read(bad);
        Map<String, Object> config = files.config(claims);
        config.put("min_confidence", minConfidence);
        RunDirectory run = files.createRun(spec, claims, config);
        SensitivityRun.Result r = sensitivity.run(claimSet, tuples, run);
        FlipSensitivity s = r.sensitivity();
        if (s.found() == 0) {
            out.println("no pairs of tuples differ in exactly one shown label; collect with --flip-pairs N to make some");
        } else if (s.pairs() == 0) {
            out.printf(Locale.ROOT, "all %d pairs had a base confidence ≤ %.2f; none is trusted%n", s.found(), minConfidence);
        } else {
            out.printf(Locale.ROOT, "flip sensitivity: mean |Δ log-odds| %.4f over %d pairs (%d claims); %d of %d pairs had a base confidence ≤ %.2f and were left out%n",
                    s.meanAbsChange(), s.pairs(), s.claims().size(), s.found() - s.pairs(), s.found(), minConfidence);
        }
        out.println("wrote " + r.csv());
        return 0;
    }
}
