package dev.retort.elicit.optimize;

import dev.retort.core.BadInputException;
import dev.retort.core.Rng;
import dev.retort.core.run.RunDirectory;
import dev.retort.elicit.evaluate.Evaluation;
import dev.retort.elicit.evaluate.LabelComparison;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code retort elicit search} as a service: the ICM paper's simulated annealing ({@link AnnealingSearch}) over hard
 * labels, compared with the baselines, written as labels.jsonl, metrics.json and report.html into the run directory.
 */
public record SearchRun(AnnealingSearch.Options options) {
    public SearchRun {
        if (options.alpha() < 0 || options.initialTemp() <= 0 || options.finalTemp() <= 0 || options.cooling() < 0 || options.initialLabelled() < 0)
            throw new BadInputException("--alpha, --cooling and --initial must be ≥ 0, --t0 and --t-min > 0");
    }

    /** What the search found, its rows beside the baselines, and the labels.jsonl it wrote. */
    public record Result(AnnealingSearch.Result search, List<Evaluation.Row> rows, Path labels) {
    }

    public Result run(LabelProblem problem, Rng rng, RunDirectory run) {
        AnnealingSearch.Result r = AnnealingSearch.run(problem, options, rng.fork("search"));
        LabelComparison c = LabelComparison.of(problem, "annealing search", r.labels(), 1.0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("claims", problem.claimCount());
        m.put("tuples", problem.tupleCount());
        m.put("iterations", options.iterations());
        m.put("accepted", r.accepted());
        m.put("violations", r.violations());
        m.put("energy", -r.labels().loss());
        m.put("seconds", r.labels().seconds());
        m.putAll(c.accuracies());
        Path labels = c.writeFound(run, "retort elicit search", m, r.energyHistory().stream().map(x -> -x).toList());
        return new Result(r, c.rows(), labels);
    }
}
