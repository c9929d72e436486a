package dev.retort.cli.route;

import dev.retort.cli.EngineOptions;
import dev.retort.cli.InputOptions;
import dev.retort.cli.ResumeOptions;
import dev.retort.core.BadInputException;
import dev.retort.route.ClusterPrior;
import dev.retort.route.KRule;
import dev.retort.route.RouteConfig;
import dev.retort.route.RouteFit;
import dev.retort.route.RouterKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

@Command(name = "fit", mixinStandardHelpOptions = true, defaultValueProvider = FitDefaults.class,
        description = {"Embed Q/A pairs, cluster the answers (k-means++), and fit one Procrustes rotation per cluster and "
                        + "the query adapters, holding out a seeded share of the questions for 'route eval'.",
                "Writes a model directory: teacher.safetensors, adapters, route-model.json, pairs.jsonl and the embedding cache."},
        footer = {"", "Example:",
                "  retort route fit --data data/skills-qa/skills_qa.jsonl --model minilm --k-rule participation --output-dir runs/route",
                "  retort route fit --data qa.jsonl --k 64 --original --output-dir runs/route-original   # the original pipeline's W"})
public final class FitCommand implements Runnable {
    @Spec
    CommandSpec spec;
    @Mixin
    EngineOptions engine;
    @Mixin
    InputOptions input;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "JSONL with question, answer and optional cluster_id, pair_id.")
    Path data;
    @Option(names = "--model", paramLabel = "NAME", description = "Embedding model: minilm, minilm-q or bge (default: ${DEFAULT-VALUE}).")
    String model;
    @Option(names = "--k", paramLabel = "N", description = "Number of clusters; 0 = choose with --k-rule (default).")
    int k;
    @Option(names = "--k-rule", paramLabel = "RULE",
            description = "participation = (Σσ)²/Σσ² (the original's), erank = exp(entropy of σ/Σσ) (default: ${DEFAULT-VALUE}).")
    String kRule;
    @Option(names = "--max-k", paramLabel = "N", description = "Upper bound on the rule's K (default: ${DEFAULT-VALUE}).")
    int maxK;
    @Option(names = "--restarts", paramLabel = "N", description = "k-means++ restarts (default: ${DEFAULT-VALUE}).")
    int restarts;
    @Option(names = "--original", description = "Use the original per-cluster map: full-space SVD, no centring, no scale, no sign fix.")
    boolean original;
    @Option(names = "--scale", description = "Fit a uniform scale with each rotation (Umeyama).")
    boolean scale;
    @Option(names = "--tau", paramLabel = "T", description = "Router softmax temperature (default: ${DEFAULT-VALUE}).")
    double tau;
    @Option(names = "--top-k", paramLabel = "N", description = "Clusters mixed per query; 0 = all (default: ${DEFAULT-VALUE}).")
    int topK;
    @Option(names = "--question-tau", paramLabel = "T", description = "Question router's per-question temperature (default: ${DEFAULT-VALUE}).")
    double questionTau;
    @Option(names = "--second-tau", paramLabel = "T", description = "Question router's second softmax over clusters; 0 = none (default).")
    double secondTau;
    @Option(names = "--prior", paramLabel = "KIND", description = "Cluster reliability of the weighted routers: entropy, fisher (Fisher information of the routing "
            + "log-likelihood) or scatter (between/within spread ratio) (default: ${DEFAULT-VALUE}).")
    String prior;
    @Option(names = "--adapters", split = ",", paramLabel = "LIST",
            description = "Query adapters to train: adapter (linear), adapter-moe, or none (default: ${DEFAULT-VALUE}).")
    List<String> adapters;
    @Option(names = "--experts", paramLabel = "E", description = "Experts of adapter-moe (default: ${DEFAULT-VALUE}).")
    int experts;
    @Option(names = "--holdout", paramLabel = "F", description = "Share of distinct questions held out for evaluation (default: ${DEFAULT-VALUE}).")
    double holdout;
    @Option(names = "--embeddings-from", paramLabel = "DIR", description = "Reuse the embedding cache of another model directory when it matches.")
    Path embeddingsFrom;
    @Option(names = "--output-dir", paramLabel = "DIR", description = "Model directory (default: results/route-<timestamp>).")
    Path outputDir;
    @Option(names = "--resume", description = "Continue a killed fit in --output-dir: its embeddings are reused and the adapters go on from adapters/*/checkpoint/.")
    boolean resume;

    @Override
    public void run() {
        engine.start();
        RouteConfig config = new RouteConfig(k, KRule.parse(kRule), maxK, restarts, RouteConfig.defaults().maxIterations(), original, scale, tau, topK, questionTau, secondTau,
                ClusterPrior.parse(prior));
        var badRecords = input.badRecords();
        var options = new RouteFit.Options(data, model, config, holdout, adapterKinds(), experts, embeddingsFrom);
        ResumeOptions.check(resume, outputDir, options.config());
        RouteFit.Result r = RouteFit.run(options, outputDir, spec.commandLine().getParseResult().originalArgs(), badRecords, resume);

        PrintWriter out = spec.commandLine().getOut();
        var s = r.fit();
        out.printf(Locale.ROOT, "fitted %d pairs (%d held out) with %s: K=%d (%s), k-means %.2fs in %d iterations, Procrustes %.2fs; embedding took %.1fs%n",
                r.trainPairs(), r.pairs() - r.trainPairs(), model, s.clusters(), s.kSource(), s.kMeansSeconds(), s.kMeansIterations(),
                s.procrustesSeconds(), r.embedSeconds());
        out.printf(Locale.ROOT, "teacher maps: %,d stored values (dense W's would be %,d)%n", s.teacherParameters(), s.denseTeacherParameters());
        for (var a : r.adapters()) {
            out.printf(Locale.ROOT, "%s: %,d parameters, best epoch %d, validation MRR %.3f (raw %.3f), %.1fs%n", a.kind().cliName(), a.parameters(),
                    a.bestEpoch(), a.validationMrr(), a.rawValidationMrr(), a.seconds());
        }
        if (badRecords.skipped() > 0) out.printf("skipped %d bad records, e.g. %s%n", badRecords.skipped(), badRecords.examples());
        out.println("model directory: " + r.run().path());
    }

    /** --adapters: adapter and adapter-moe, with none skipped. */
    private List<RouterKind> adapterKinds() {
        List<RouterKind> kinds = new ArrayList<>();
        for (String a : adapters) {
            if (a.equalsIgnoreCase("none")) continue;
            RouterKind kind = RouterKind.parse(a);
            if (kind != RouterKind.ADAPTER && kind != RouterKind.ADAPTER_MOE) throw new BadInputException("--adapters takes adapter, adapter-moe or none, not " + a);
            kinds.add(kind);
        }
        return kinds;
    }
}
