package dev.retort.elicit.collect;

import dev.retort.core.Rng;
import dev.retort.core.io.Json;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.report.Progress;
import dev.retort.core.run.RunDirectory;
import dev.retort.elicit.claims.ClaimLoader;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.elicit.predict.Predictor;
import dev.retort.text.embed.TextEmbedder;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code elicit collect} run in its directory: the claims as {@code claims.jsonl}, the plan ({@code plan.json}, what
 * {@code --resume} checks), the predictions a {@link Collector} asks for in {@code tuples.jsonl} (appended, so a killed run
 * loses at most the answers in flight), and {@code collect.json} + {@code report.html} saying what was planned, asked,
 * retried and skipped.
 */
public final class CollectRun {
    private CollectRun() {
    }

    /** What was collected; {@code retries} counts retried requests by cause. */
    public record Result(Collector.Summary summary, Map<String, Long> retries, String model, Path tuples, Path claims) {
    }

    public static Result run(ClaimSet claims, CollectPlan plan, CollectOptions options, Predictor predictor, TextEmbedder embedder, Rng rng,
                             RunDirectory run) {
        Path claimsFile = run.file("claims.jsonl"), tuples = run.file("tuples.jsonl");
        ClaimLoader.writeJsonl(claims, claimsFile);
        plan.recordIn(run.path());
        Collector.Summary s;
        try (Progress progress = Progress.start("collect", -1)) {
            s = new Collector(claims, predictor, options, rng, progress::advance).collect(embedder, tuples);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("claims", claims.size());
        m.put("groups", s.groups());
        m.put("planned", s.planned());
        m.put("planned_by_round", s.plannedByRound());
        m.put("already_logged", s.alreadyLogged());
        m.put("asked", s.asked());
        m.put("retries", predictor.retries());
        m.put("missing_logprobs", s.missingCount());
        m.put("missing_logprobs_by_claim", s.missing());
        m.put("model", predictor.model());
        Json.write(run.file("collect.json"), m);
        new HtmlReport("retort elicit collect").keyValues("Collection", m)
                .paragraph("Tuples: tuples.jsonl; claims as JSONL: claims.jsonl. Next: retort elicit optimize --claims " + claimsFile + " --tuples " + tuples)
                .write(run.file("report.html"));
        return new Result(s, predictor.retries(), predictor.model(), tuples, claimsFile);
    }
}
