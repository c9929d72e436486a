package dev.retort.elicit.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.BadInputException;
import dev.retort.core.Rng;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.core.run.RunDirectory;
import dev.retort.elicit.claims.Claim;
import dev.retort.elicit.claims.ClaimFormat;
import dev.retort.elicit.claims.ClaimLoader;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.elicit.claims.PredictionTuple;
import dev.retort.elicit.claims.TupleLog;
import dev.retort.elicit.collect.CollectOptions;
import dev.retort.elicit.collect.Collector;
import dev.retort.elicit.optimize.AnnealingSearch;
import dev.retort.elicit.optimize.LabelFile;
import dev.retort.elicit.optimize.LabelProblem;
import dev.retort.elicit.optimize.OptimizeOptions;
import dev.retort.elicit.optimize.OptimizedLabels;
import dev.retort.elicit.optimize.SearchRun;
import dev.retort.elicit.predict.HashingEmbedder;
import dev.retort.elicit.predict.LocalPredictor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The search, evaluate and sensitivity services called directly on 40 TruthfulQA claims and tuples from the local predictor. */
class ElicitRunsTest {
    @TempDir
    static Path dir;
    static ClaimSet claims;
    static List<PredictionTuple> tuples;
    static int groups;

    @BeforeAll
    static void collect() {
        Path file = Path.of("..", "data", "elicit", "icm", "test_truthfulqa.json");
        ClaimSet all = ClaimLoader.load(file, ClaimFormat.detect(file), BadRecords.failFast());
        claims = new ClaimSet(all.claims().subList(0, 40), all.exactlyOne());
        HashingEmbedder emb = new HashingEmbedder(256);
        CollectOptions options = new CollectOptions(5, 1, 3, 10, 0, 0, true, false, 0, 2, 0, CollectOptions.Adaptive.NEAREST_HALF);
        Path log = dir.resolve("tuples.jsonl");
        groups = new Collector(claims, new LocalPredictor(emb, claims, LocalPredictor.Params.defaults()), options, new Rng(7), n -> { })
                .collect(emb, log).groups();
        tuples = TupleLog.readUsable(log, BadRecords.failFast());
    }

    static RunDirectory run(String name) {
        return RunDirectory.create("elicit", dir.resolve(name), List.of("test"), Map.of(), List.of());
    }

    @Test
    void searchWritesItsLabelsAndTheirAccuracyBesideTheBaselines() throws IOException {
        LabelProblem problem = LabelProblem.of(claims, tuples, 1.0);
        RunDirectory run = run("search");
        SearchRun.Result r = new SearchRun(AnnealingSearch.Options.defaults(claims.size())).run(problem, new Rng(1), run);

        assertThat(r.labels()).isEqualTo(run.file("labels.jsonl"));
        OptimizedLabels read = LabelFile.read(r.labels(), claims, BadRecords.failFast());
        assertThat(read.labels()).containsExactly(r.search().labels().labels());
        assertThat(Files.readAllLines(r.labels()).getFirst()).startsWith("{\"uid\":\"" + claims.get(0).uid() + "\"");
        JsonNode m = Json.readTree(run.file("metrics.json"));
        assertThat(m.get("claims").asInt()).isEqualTo(40);
        assertThat(m.get("tuples").asInt()).isEqualTo(tuples.size());
        assertThat(m.get("iterations").asInt()).isEqualTo(30 * 40);
        assertThat(m.get("accepted").asInt()).isEqualTo(r.search().accepted());
        assertThat(r.rows()).extracting(Evaluation.Row::method)
                .containsExactly("annealing search", "prior argmax", "prior + consistency fix", "per-tuple majority");
        for (Evaluation.Row row : r.rows()) assertThat(m.get(row.key()).asDouble()).isEqualTo(row.accuracy());
        assertThat(r.rows().getFirst().accuracy()).isEqualTo(accuracy(read.labels()));
        assertThat(Files.readString(run.file("report.html"))).contains("retort elicit search").contains("annealing search");
        assertThat(run.file("reliability.png")).exists();
        assertThat(run.file("loss.png")).exists();

        // evaluate reads those labels back: the same accuracy, in evaluation.csv, with no ablation
        RunDirectory eval = run("evaluate-labels");
        EvaluateRun.Result e = new EvaluateRun(OptimizeOptions.defaults(), r.labels(), false).run(problem, BadRecords.failFast(), eval);
        assertThat(e.ablation()).isEmpty();
        assertThat(e.report()).isEqualTo(eval.file("report.html")).exists();
        List<String> csv = Files.readAllLines(eval.file("evaluation.csv"));
        assertThat(csv).hasSize(5);
        assertThat(csv.getFirst()).isEqualTo("method,accuracy,ece,brier,seconds");
        assertThat(csv.get(1)).startsWith("labels from labels.jsonl,");
        assertThat(e.comparison().rows().getFirst().accuracy()).isEqualTo(r.rows().getFirst().accuracy());
        assertThat(eval.file("ablation.csv")).doesNotExist();
        assertThat(eval.file("labels.jsonl")).doesNotExist();
        JsonNode em = Json.readTree(eval.file("metrics.json"));
        assertThat(em.get("gold_labels").asInt()).isEqualTo(40);
        assertThat(em.get("stopped_by").asText()).isEqualTo("none");
        assertThat(em.get("comparison")).hasSize(4);
        assertThat(em.get("calibration").get("ece").asDouble()).isCloseTo(e.comparison().calibration().ece(), within(1e-12));
    }

    @Test
    void evaluateOptimizesAndWritesTheAblation() throws IOException {
        RunDirectory run = run("evaluate");
        EvaluateRun.Result e = new EvaluateRun(OptimizeOptions.defaults(), null, true)
                .run(LabelProblem.of(claims, tuples, 1.0), BadRecords.failFast(), run);
        assertThat(e.comparison().rows().getFirst().method()).isEqualTo("optimized (lbfgs)");
        assertThat(e.ablation()).isNotEmpty();
        List<String> ablation = Files.readAllLines(run.file("ablation.csv"));
        assertThat(ablation).hasSize(e.ablation().size() + 1);
        assertThat(ablation.get(1)).startsWith("\"all active terms (prior=1.0, mutual=2.0, consistency=2.0)\",");
        assertThat(Json.readTree(run.file("metrics.json")).get("ablation")).hasSize(e.ablation().size());
        assertThat(Files.readString(run.file("report.html"))).contains("Ablation over loss terms");
    }

    @Test
    void sensitivityWritesOneRowPerClaimWithTrustedPairs() throws IOException {
        RunDirectory run = run("sensitivity");
        SensitivityRun.Result r = new SensitivityRun(0.5).run(claims, tuples, run);
        FlipSensitivity s = r.sensitivity();
        assertThat(s.found()).isEqualTo(2 * groups);                            // two flip pairs per similarity group
        assertThat(s.pairs()).isPositive();
        List<String> csv = Files.readAllLines(r.csv());
        assertThat(csv.getFirst()).isEqualTo("uid,pairs,mean_abs_change");
        assertThat(csv.subList(1, csv.size())).extracting(l -> l.split(",")[0])
                .containsExactlyElementsOf(s.claims().stream().map(FlipSensitivity.ClaimRow::uid).toList());
        JsonNode m = Json.readTree(run.file("sensitivity.json"));
        assertThat(m.get("pairs_found").asInt()).isEqualTo(s.found());
        assertThat(m.get("pairs_trusted").asInt()).isEqualTo(s.pairs());
        assertThat(m.get("mean_abs_change").asDouble()).isCloseTo(s.meanAbsChange(), within(1e-12));
        assertThat(m.get("claims")).hasSize(s.claims().size());

        // tuples about claims not in the set take no part
        ClaimSet firstHalf = new ClaimSet(claims.claims().subList(0, 20), claims.exactlyOne());
        FlipSensitivity half = new SensitivityRun(0.5).run(firstHalf, tuples, run("sensitivity-half")).sensitivity();
        assertThat(half.claims()).extracting(FlipSensitivity.ClaimRow::uid)
                .allMatch(uid -> firstHalf.claims().stream().map(Claim::uid).toList().contains(uid));
        assertThat(half.found()).isLessThan(s.found());
    }

    @Test
    void badOptionsAndClaimsWithoutGoldLabelsAreBadInput() {
        assertThatThrownBy(() -> new SensitivityRun(1.0)).isInstanceOf(BadInputException.class).hasMessage("--min-confidence must be in [0.5, 1)");
        assertThatThrownBy(() -> new SearchRun(new AnnealingSearch.Options(-1, 10, 0.01, 0.99, 1000, 8)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--alpha");
        ClaimSet unlabelled = new ClaimSet(List.of(new Claim("a", "A?", null, null, null)), false);
        assertThatThrownBy(() -> EvaluateRun.requireGoldLabels(unlabelled, Path.of("c.jsonl")))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("c.jsonl: no claim has a gold label");
    }

    private static double accuracy(int[] labels) {
        int right = 0;
        for (int i = 0; i < claims.size(); i++) if ((labels[i] == 1) == claims.get(i).label()) right++;
        return (double) right / claims.size();
    }
}
