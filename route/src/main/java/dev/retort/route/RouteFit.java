package dev.retort.route;

import dev.retort.core.Engine;
import dev.retort.core.Rng;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.core.run.RunDirectory;
import dev.retort.core.train.EpochCheckpoint;
import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.SentenceEmbedder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code retort route fit}: embeds the Q/A pairs (or reuses a matching embedding cache), holds out a seeded share of
 * the questions, fits the teacher ({@link RouteModel#fitTimed}: k-means, then one Procrustes map per cluster) on the
 * rest, trains the query adapters, and writes the model directory: route-model.json, pairs.jsonl, the embeddings,
 * teacher.safetensors, adapter-*.safetensors and fit-summary.json, next to run.json.
 */
public final class RouteFit {
    /**
     * The options of {@code route fit}.
     *
     * @param model          the embedding model's name, as {@link EmbeddingModel#parse} reads it
     * @param adapters       the query adapters to train ({@link RouterKind#ADAPTER}, {@link RouterKind#ADAPTER_MOE})
     * @param embeddingsFrom a model directory whose embedding cache to reuse when it matches; null: the run's own
     */
    public record Options(Path data, String model, RouteConfig route, double holdout, List<RouterKind> adapters, int experts,
                          Path embeddingsFrom) {
        /** `route fit`'s defaults for the data file: MiniLM, the route defaults, a fifth held out, both adapters, 4 experts. */
        public static Options defaults(Path data) {
            return new Options(data, "minilm", RouteConfig.defaults(), 0.2, List.of(RouterKind.ADAPTER, RouterKind.ADAPTER_MOE), 4, null);
        }

        /** The resolved configuration recorded in run.json. */
        public Map<String, Object> config() {
            Map<String, Object> cfg = new LinkedHashMap<>();
            cfg.put("route", route);
            cfg.put("model", model);
            cfg.put("holdout", holdout);
            cfg.put("adapters", adapters.stream().map(RouterKind::cliName).toList());
            cfg.put("experts", experts);
            return cfg;
        }
    }

    /** What was fitted: pair counts, the teacher's summary, the adapters' reports, and the embedding time. */
    public record Result(RunDirectory run, int pairs, int trainPairs, RouteModel.FitSummary fit, List<RouteModel.AdapterReport> adapters,
                         double embedSeconds) {
    }

    /** The teacher (with its fit summary) and the query adapters' reports. */
    record Trained(RouteModel.Fitted fitted, List<RouteModel.AdapterReport> adapters) {
    }

    private RouteFit() {
    }

    /**
     * Fits the teacher (k-means, then one Procrustes map per cluster) and trains the {@code adapters} on rows {@code train}
     * of the embedded pairs; the adapters validate against every distinct answer of {@code pairs} and, with a
     * {@code plan}, checkpoint every epoch under {@code adapters/<kind>/}.
     */
    static Trained train(List<QaPair> pairs, float[][] questions, float[][] answers, int[] train, RouteConfig route,
                         List<RouterKind> adapters, int experts, Rng rng, EpochCheckpoint.Plan plan) {
        float[][] trainQ = RouteEvaluation.pick(questions, train), trainA = RouteEvaluation.pick(answers, train);
        RouteModel.Fitted fitted = RouteModel.fitTimed(trainQ, trainA, route, rng);
        AnswerCorpus corpus = AnswerCorpus.of(pairs, answers);
        int[] trainAnswerIds = new int[train.length];
        for (int i = 0; i < train.length; i++) trainAnswerIds[i] = corpus.answerOf()[train[i]];
        List<RouteModel.AdapterReport> reports = new ArrayList<>();
        for (RouterKind kind : adapters) {
            reports.add(fitted.model().trainAdapter(kind, trainQ, trainA, trainAnswerIds, corpus.vectors(), experts, rng,
                    plan.under("adapters/" + kind.cliName())));
        }
        return new Trained(fitted, reports);
    }

    /**
     * Reads the pairs, then creates the run directory ({@code outputDir}, null for the default) and fits into it;
     * randomness comes from the started engine's seed and RNG. The adapters checkpoint every epoch into the run;
     * {@code resume} continues a killed fit from there (the embeddings in the run directory are reused in any case).
     */
    public static Result run(Options o, Path outputDir, List<String> commandLine, BadRecords bad, boolean resume) {
        Engine eng = Engine.get();
        List<QaPair> pairs = QaPair.read(o.data(), bad);
        RunDirectory run = RunDirectory.create("route", outputDir, commandLine, o.config(), List.of(o.data()));

        long t0 = System.nanoTime();
        float[][][] emb;
        try (SentenceEmbedder encoder = SentenceEmbedder.open(EmbeddingModel.parse(o.model()))) {
            emb = RouteArtifacts.embed(pairs, encoder, o.embeddingsFrom() != null ? o.embeddingsFrom() : run.path());
        }
        double embedSeconds = (System.nanoTime() - t0) / 1e9;
        boolean[] heldOut = HeldOutSplit.of(pairs, o.holdout(), eng.seed(), HeldOutSplit.Kind.PARAPHRASE);
        int[] train = HeldOutSplit.where(heldOut, false);
        Trained trained = train(pairs, emb[0], emb[1], train, o.route(), o.adapters(), o.experts(), eng.rng(),
                new EpochCheckpoint.Plan(run.path(), resume, 0));
        RouteModel.Fitted fitted = trained.fitted();
        RouteModel teacher = fitted.model();
        List<RouteModel.AdapterReport> reports = trained.adapters();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("fit", fitted.summary());
        extra.put("embedding_seconds", embedSeconds);
        extra.put("adapters", reports);
        extra.put("seed", eng.seed());
        extra.put("split", HeldOutSplit.Kind.PARAPHRASE.cliName());
        extra.put("holdout", o.holdout());
        extra.put("data", o.data().toString());
        RouteArtifacts.write(run.path(), o.model(), pairs, heldOut, emb[0], emb[1], o.route(), extra);
        teacher.save(run.path());
        Json.write(run.file("fit-summary.json"), extra);
        return new Result(run, pairs.size(), train.length, fitted.summary(), reports, embedSeconds);
    }
}
