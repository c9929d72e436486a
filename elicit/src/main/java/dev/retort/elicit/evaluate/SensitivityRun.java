package dev.retort.elicit.evaluate;

import dev.retort.core.BadInputException;
import dev.retort.core.io.CsvWriter;
import dev.retort.core.io.Json;
import dev.retort.core.run.RunDirectory;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.elicit.claims.PredictionTuple;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code retort elicit sensitivity} as a service: the {@link FlipSensitivity} of the tuples about the claims, written as
 * sensitivity.csv (per claim) and sensitivity.json (the summary and the same rows) into the run directory.
 *
 * @param minConfidence count a pair only when its base prediction's max(P(true), P(false)) is above this
 */
public record SensitivityRun(double minConfidence) {
    public SensitivityRun {
        if (!(minConfidence >= 0.5 && minConfidence < 1)) throw new BadInputException("--min-confidence must be in [0.5, 1)");
    }

    /** The measured sensitivity and the sensitivity.csv written. */
    public record Result(FlipSensitivity sensitivity, Path csv) {
    }

    /** Tuples whose target is not among {@code claims} take no part. */
    public Result run(ClaimSet claims, List<PredictionTuple> tuples, RunDirectory run) {
        Map<String, Integer> known = claims.index();
        FlipSensitivity s = FlipSensitivity.of(tuples.stream().filter(t -> known.containsKey(t.targetUid())).toList(), minConfidence);
        Path csv = run.file("sensitivity.csv");
        try (CsvWriter w = CsvWriter.create(csv, List.of("uid", "pairs", "mean_abs_change"))) {
            for (FlipSensitivity.ClaimRow r : s.claims()) w.row(r.uid(), r.pairs(), r.meanAbsChange());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min_confidence", s.minConfidence());
        m.put("pairs_found", s.found());
        m.put("pairs_trusted", s.pairs());
        m.put("mean_abs_change", s.meanAbsChange());
        m.put("claims", s.claims().stream().map(r -> {
            Map<String, Object> claim = new LinkedHashMap<>();          // in this order in every run (Map.of's is not)
            claim.put("uid", r.uid());
            claim.put("pairs", r.pairs());
            claim.put("mean_abs_change", r.meanAbsChange());
            return claim;
        }).toList());
        Json.write(run.file("sensitivity.json"), m);
        return new Result(s, csv);
    }
}
