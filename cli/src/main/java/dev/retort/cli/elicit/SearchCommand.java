package dev.retort.cli.elicit;

import dev.retort.cli.EngineOptions;
import dev.retort.cli.InputOptions;
import dev.retort.core.Engine;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.core.run.RunDirectory;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.elicit.evaluate.ElicitReport;
import dev.retort.elicit.evaluate.Evaluation;
import dev.retort.elicit.evaluate.Metrics;
import dev.retort.elicit.optimize.AnnealingSearch;
import dev.retort.elicit.optimize.LabelFile;
import dev.retort.elicit.optimize.LabelProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code retort elicit search}: the ICM paper's simulated annealing over hard labels, on the tuple store. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "The ICM paper's search: simulated annealing over hard labels with a consistency fix, maximizing " +
                "U = α·(mutual predictability) − (violated rules), with T = max(T_min, T₀/(1 + β·ln n)). Uses the stored tuples, " +
                "no live model calls. Writes labels.jsonl, metrics.json and report.html.",
        footer = {"", "Example:",
                "  retort elicit search --claims claims.jsonl --tuples tuples.jsonl --exactly-one --alpha 50 --iterations 50000"})
public final class SearchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    EngineOptions engine;
    @Mixin
    InputOptions input;
    @Mixin
    ClaimOptions claims;

    @Mixin
    TupleRunOptions files;
    @Option(names = "--alpha", defaultValue = "50", paramLabel = "A", description = "Weight of mutual predictability against violated rules (default: ${DEFAULT-VALUE}).")
    double alpha;
    @Option(names = "--t0", defaultValue = "10", paramLabel = "T", description = "Initial temperature T₀ (default: ${DEFAULT-VALUE}).")
    double t0;
    @Option(names = "--t-min", defaultValue = "0.01", paramLabel = "T", description = "Final temperature T_min (default: ${DEFAULT-VALUE}).")
    double tMin;
    @Option(names = "--cooling", defaultValue = "0.99", paramLabel = "B", description = "β of the log cooling schedule (default: ${DEFAULT-VALUE}).")
    double cooling;
    @Option(names = "--iterations", paramLabel = "N", description = "Proposals (default: 30 per claim, at least 1000).")
    Integer iterations;
    @Option(names = "--initial", defaultValue = "8", paramLabel = "K", description = "Claims labelled at random before the search (default: ${DEFAULT-VALUE}).")
    int initial;

    @Override
    public Integer call() {
        Engine e = engine.start();
        PrintWriter out = spec.commandLine().getOut();
        BadRecords bad = input.badRecords();
        ClaimSet claimSet = claims.load(bad);
        LabelProblem problem = LabelProblem.of(claimSet, files.read(bad), 1.0);
        if (alpha < 0 || t0 <= 0 || tMin <= 0 || cooling < 0 || initial < 0)
            throw new dev.retort.core.BadInputException("--alpha, --cooling and --initial must be ≥ 0, --t0 and --t-min > 0");
        AnnealingSearch.Options o = new AnnealingSearch.Options(alpha, t0, tMin, cooling,
                iterations != null ? iterations : AnnealingSearch.Options.defaults(problem.claimCount()).iterations(), initial);
        Map<String, Object> config = files.config(claims);
        config.put("exactly_one", claimSet.exactlyOne());
        config.put("search", o);
        RunDirectory run = files.createRun(spec, claims, config);
        AnnealingSearch.Result r = AnnealingSearch.run(problem, o, e.rng().fork("search"));
        LabelFile.write(run.file("labels.jsonl"), claimSet, r.labels().probability(), r.labels().labels());
        List<Evaluation.Row> rows = Evaluation.compare(problem, "annealing search", r.labels(), 1.0);
        Metrics.Calibration cal = Metrics.calibration(claimSet.goldLabels(), r.labels().probability(), 10);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("claims", problem.claimCount());
        m.put("tuples", problem.tupleCount());
        m.put("iterations", o.iterations());
        m.put("accepted", r.accepted());
        m.put("violations", r.violations());
        m.put("energy", -r.labels().loss());
        m.put("seconds", r.labels().seconds());
        for (Evaluation.Row row : rows) m.put(row.key(), row.accuracy());
        Json.write(run.file("metrics.json"), m);
        ElicitReport.write(run, "retort elicit search", m, rows, List.of(), cal, r.energyHistory().stream().map(x -> -x).toList());
        out.printf(Locale.ROOT, "%d claims, %d tuples: %d proposals, %d accepted, %d rules violated, %.2f s%n",
                problem.claimCount(), problem.tupleCount(), o.iterations(), r.accepted(), r.violations(), r.labels().seconds());
        if (claimSet.labelled() > 0) for (Evaluation.Row row : rows) out.printf(Locale.ROOT, "accuracy %-28s %.4f%n", row.method(), row.accuracy());
        out.println("wrote " + run.path().resolve("labels.jsonl") + " and report.html");
        return 0;
    }
}
