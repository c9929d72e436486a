package dev.retort.cli.elicit;

import dev.retort.cli.EngineOptions;
import dev.retort.cli.InputOptions;
import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.io.BadRecords;
import dev.retort.core.run.RunDirectory;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.elicit.collect.CollectOptions;
import dev.retort.elicit.collect.CollectPlan;
import dev.retort.elicit.collect.CollectRun;
import dev.retort.elicit.collect.Collector;
import dev.retort.elicit.predict.Embedders;
import dev.retort.elicit.predict.LocalPredictor;
import dev.retort.elicit.predict.OpenAiPredictor;
import dev.retort.elicit.predict.Predictor;
import dev.retort.text.embed.TextEmbedder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code retort elicit collect}: n-shot predictions into an append-only tuple log. */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = "Ask a model for n-shot predictions about claims and append each to tuples.jsonl as it arrives: " +
                "a zero-shot round (both framings), then groups of similar claims (plus global anchors) with a budget per group, " +
                "random context orders, labels shown drawn from the zero-shot prior, alternating framing, optionally a second round over " +
                "regrouped claims, and an extra budget for the most uncertain groups. The predictor is an OpenAI-compatible server or the offline local predictor " +
                "(an in-context learner over sentence embeddings; much weaker than an LLM). A killed run continues with --resume.",
        footer = {"", "Examples:",
                "  retort elicit collect --claims data/elicit/icm/test_truthfulqa.json --predictor local --output-dir results/tqa",
                "  OPENAI_API_KEY=… retort elicit collect --claims claims.jsonl --predictor openai --base-url http://127.0.0.1:8000 \\",
                "      --endpoint completions --model meta-llama/Llama-3.1-8B --concurrency 16 --output-dir results/llama",
                "  retort elicit collect … --output-dir results/llama --resume      # after a kill or a server failure"})
public final class CollectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    EngineOptions engine;
    @Mixin
    InputOptions input;
    @Mixin
    ClaimOptions claims;

    @Option(names = "--predictor", defaultValue = "local", paramLabel = "local|openai", description = "Who predicts (default: ${DEFAULT-VALUE}).")
    String predictor;
    @Option(names = "--embedder", defaultValue = "minilm", paramLabel = "minilm|minilm-q|bge|hashing",
            description = "Sentence embeddings for grouping and the local predictor (default: ${DEFAULT-VALUE}; hashing = lexical, no model).")
    String embedder;
    @Option(names = "--base-url", defaultValue = "http://127.0.0.1:8000", paramLabel = "URL", description = "OpenAI-compatible server, without /v1 (default: ${DEFAULT-VALUE}).")
    String baseUrl;
    @Option(names = "--endpoint", defaultValue = "completions", paramLabel = "completions|chat", description = "/v1/completions (base models) or /v1/chat/completions (default: ${DEFAULT-VALUE}).")
    String endpoint;
    @Option(names = "--model", paramLabel = "NAME", description = "Model name the server knows (required with --predictor openai).")
    String model;
    @Option(names = "--api-key-env", defaultValue = "OPENAI_API_KEY", paramLabel = "VAR", description = "Environment variable holding the API key; unset = no key (default: ${DEFAULT-VALUE}). The key is never logged.")
    String apiKeyEnv;
    @Option(names = "--top-logprobs", defaultValue = "20", paramLabel = "N", description = "Alternatives per token to ask for (default: ${DEFAULT-VALUE}).")
    int topLogprobs;
    @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS", description = "Per-request timeout (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;
    @Option(names = "--concurrency", defaultValue = "8", paramLabel = "N", description = "Requests in flight at most (default: ${DEFAULT-VALUE}).")
    int concurrency;
    @Option(names = "--max-attempts", defaultValue = "6", paramLabel = "N", description = "Tries per prediction on 429/5xx/timeouts (default: ${DEFAULT-VALUE}).")
    int maxAttempts;
    @Option(names = "--group-size", defaultValue = "10", paramLabel = "N", description = "Claims per similarity group (default: ${DEFAULT-VALUE}).")
    int groupSize;
    @Option(names = "--anchors", defaultValue = "2", paramLabel = "N", description = "Global anchor claims in every group's context pool (default: ${DEFAULT-VALUE}).")
    int anchors;
    @Option(names = "--context", defaultValue = "6", paramLabel = "N", description = "Context claims per prediction (default: ${DEFAULT-VALUE}).")
    int context;
    @Option(names = "--budget", defaultValue = "60", paramLabel = "N", description = "Predictions per group in the main round (default: ${DEFAULT-VALUE}).")
    int budget;
    @Option(names = "--adaptive-fraction", defaultValue = "0.25", paramLabel = "F", description = "Share of groups, most uncertain first, that get an extra round (default: ${DEFAULT-VALUE}).")
    double adaptiveFraction;
    @Option(names = "--adaptive-factor", defaultValue = "0.5", paramLabel = "X", description = "Extra round's budget per chosen group as a multiple of --budget (default: ${DEFAULT-VALUE}).")
    double adaptiveFactor;
    @Option(names = "--adaptive-by", defaultValue = "nearest-half", paramLabel = "nearest-half|uncertainty",
            description = "Where the extra round spends its ⌈F·groups⌉ × X·--budget predictions: on the groups whose answers so far lean "
                    + "nearest ½, in equal shares, or over all groups in proportion to their measured epistemic + aleatoric uncertainty "
                    + "(spread of answers across contexts + framing and consistency failures) (default: ${DEFAULT-VALUE}).")
    String adaptiveBy;
    @Option(names = "--regroup-budget", defaultValue = "0", paramLabel = "N",
            description = "A second round over new groups (each claim among similar claims from other first-round groups; labels shown "
                    + "drawn from all answers so far) with N predictions per group (default: ${DEFAULT-VALUE} = none).")
    int regroupBudget;
    @Option(names = "--no-zero-shot", description = "Skip the zero-shot round (shown labels are then drawn at ½).")
    boolean noZeroShot;
    @Option(names = "--sequential", description = "One prediction at a time in plan order (debugging).")
    boolean sequential;
    @Option(names = "--max-missing", defaultValue = "20", paramLabel = "N",
            description = "Answers without logprobs to skip (each counted, its claim named in collect.json) before the run stops (default: ${DEFAULT-VALUE}).")
    int maxMissing;
    @Option(names = "--flip-pairs", defaultValue = "0", paramLabel = "N",
            description = "Per group, ask the first N main-round questions again with one shown label flipped, so `elicit sensitivity` "
                    + "has pairs differing in exactly one label (default: ${DEFAULT-VALUE}).")
    int flipPairs;
    @Option(names = "--resume", description = "Continue the run in --output-dir: ask only what its tuples.jsonl lacks. Refused when the plan " +
            "(seed, predictor, model, embedder, claims file, budget and the other planning options) differs from the run's plan.json.")
    boolean resume;
    @Option(names = "--force", description = "With --resume: continue even though the plan changed (the log then mixes two plans' questions).")
    boolean force;
    @Option(names = "--output-dir", paramLabel = "DIR", description = "Run directory (default: results/elicit-<timestamp>).")
    Path outputDir;

    @Override
    public Integer call() throws IOException {
        Engine e = engine.start();
        PrintWriter out = spec.commandLine().getOut();
        BadRecords bad = input.badRecords();
        ClaimSet claimSet = claims.load(bad);
        if (resume && outputDir == null) throw new BadInputException("--resume needs the --output-dir of the run to continue");
        Path tuples = outputDir == null ? null : outputDir.resolve("tuples.jsonl");
        if (!resume && tuples != null && Files.exists(tuples) && Files.size(tuples) > 0)
            throw new BadInputException(tuples + " already holds predictions; add --resume to continue that run, or choose another --output-dir");
        CollectOptions options = new CollectOptions(groupSize, anchors, context, budget, adaptiveFraction, adaptiveFactor, !noZeroShot,
                sequential, maxMissing, flipPairs, regroupBudget, CollectOptions.Adaptive.parse(adaptiveBy));
        CollectPlan plan = CollectPlan.of(engine.seed(), predictor, predictor.equals("openai") ? model : null, embedder, claims.file, options);
        if (resume) plan.checkResume(outputDir, force);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("claims", claims.file.toString());
        config.put("predictor", predictor);
        config.put("embedder", embedder);
        if (predictor.equals("openai")) {
            config.put("base_url", baseUrl);
            config.put("endpoint", endpoint);
            config.put("model", model);
            config.put("api_key_env", apiKeyEnv);
            config.put("top_logprobs", topLogprobs);
        }
        config.put("collect", options);
        RunDirectory run = RunDirectory.create("elicit", outputDir, spec.commandLine().getParseResult().originalArgs(), config, List.of(claims.file));
        try (TextEmbedder emb = Embedders.open(embedder); Predictor p = predictor(emb, claimSet)) {
            CollectRun.Result r = CollectRun.run(claimSet, plan, options, p, emb, e.rng().fork("collect"), run);
            Collector.Summary s = r.summary();
            out.printf(Locale.ROOT, "%d claims in %d groups: %d predictions planned, %d already in the log, %d asked now (%s)%n",
                    claimSet.size(), s.groups(), s.planned(), s.alreadyLogged(), s.asked(), r.model());
            if (!r.retries().isEmpty()) out.println("retried requests by cause: " + r.retries());
            if (s.missingCount() > 0)
                out.println(s.missingCount() + " answers had no logprobs and were skipped (--resume asks them again), by claim: " + s.missing());
            out.println("wrote " + r.tuples() + "; next: retort elicit optimize --claims " + r.claims() + " --tuples " + r.tuples());
        }
        return 0;
    }

    private Predictor predictor(TextEmbedder emb, ClaimSet claimSet) {
        return switch (predictor.toLowerCase(Locale.ROOT)) {
            case "local" -> new LocalPredictor(emb, claimSet, LocalPredictor.Params.defaults());
            case "openai" -> {
                if (model == null) throw new BadInputException("--predictor openai needs --model (the name the server serves)");
                String key = System.getenv(apiKeyEnv);
                yield new OpenAiPredictor(new OpenAiPredictor.Settings(baseUrl, OpenAiPredictor.Endpoint.parse(endpoint), model, key,
                        topLogprobs, Duration.ofSeconds(timeoutSeconds), concurrency, maxAttempts, Duration.ofMillis(500)));
            }
            default -> throw new BadInputException("unknown --predictor '" + predictor + "'; use local or openai");
        };
    }
}
