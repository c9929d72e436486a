package dev.retort.cli.elicit;

import dev.retort.cli.EngineOptions;
import dev.retort.cli.InputOptions;
import dev.retort.core.Engine;
import dev.retort.core.io.BadRecords;
import dev.retort.core.run.RunDirectory;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.elicit.evaluate.Evaluation;
import dev.retort.elicit.optimize.AnnealingSearch;
import dev.retort.elicit.optimize.LabelProblem;
import dev.retort.elicit.optimize.SearchRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
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
        SearchRun search = new SearchRun(new AnnealingSearch.Options(alpha, t0, tMin, cooling,
                iterations != null ? iterations : AnnealingSearch.Options.defaults(problem.claimCount()).iterations(), initial));
        Map<String, Object> config = files.config(claims);
        config.put("exactly_one", claimSet.exactlyOne());
        config.put("search", search.options());
        RunDirectory run = files.createRun(spec, claims, config);
        SearchRun.Result r = search.run(problem, e.rng(), run);
        out.printf(Locale.ROOT, "%d claims, %d tuples: %d proposals, %d accepted, %d rules violated, %.2f s%n", problem.claimCount(),
                problem.tupleCount(), search.options().iterations(), r.search().accepted(), r.search().violations(), r.search().labels().seconds());
        if (claimSet.labelled() > 0) for (Evaluation.Row row : r.rows()) out.printf(Locale.ROOT, "accuracy %-28s %.4f%n", row.method(), row.accuracy());
        out.println("wrote " + r.labels() + " and report.html");
        return 0;
    }
}
