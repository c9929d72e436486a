package dev.retort.cli.route;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.cli.Main;
import dev.retort.core.Rng;
import dev.retort.core.io.Json;
import dev.retort.route.HeldOutSplit;
import dev.retort.route.QaPair;
import dev.retort.route.RouteArtifacts;
import dev.retort.route.RouteConfig;
import dev.retort.route.RouteModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** route eval --split: the split is named in metrics.json, run.json and the printed caption; a bad split exits 2. */
class EvalSplitTest {
    @TempDir
    static Path tmp;
    static Path model;

    /** A model directory fitted on 8 synthetic clusters of 6 pairs (16-d unit vectors), a quarter of the questions held out. */
    @BeforeAll
    static void fit() {
        Rng rng = new Rng(4);
        int clusters = 8, per = 6, d = 16, n = clusters * per;
        float[][] q = new float[n][d], a = new float[n][d];
        List<QaPair> pairs = new ArrayList<>();
        float[][] centres = new float[clusters][d];
        for (float[] c : centres) for (int j = 0; j < d; j++) c[j] = (float) rng.nextGaussian();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) a[i][j] = centres[i / per][j] + 0.3f * (float) rng.nextGaussian();
            for (int j = 0; j < d; j++) q[i][j] = a[i][(j + 1) % d] + 0.3f * (float) rng.nextGaussian();
            unit(a[i]);
            unit(q[i]);
            pairs.add(new QaPair("p" + i, "c" + i / per, "question " + i, "answer " + i));
        }
        boolean[] held = HeldOutSplit.of(pairs, 0.25, 1, HeldOutSplit.Kind.PARAPHRASE);
        int[] train = HeldOutSplit.where(held, false);
        float[][] tq = new float[train.length][], ta = new float[train.length][];
        for (int i = 0; i < train.length; i++) {
            tq[i] = q[train[i]];
            ta[i] = a[train[i]];
        }
        RouteConfig config = RouteConfig.defaults().withK(4);
        model = tmp.resolve("model");
        RouteArtifacts.write(model, "synthetic", pairs, held, q, a, config, Map.of("holdout", 0.25, "seed", 1));
        RouteModel.fit(tq, ta, config, new Rng(2)).save(model);
    }

    private static void unit(float[] v) {
        double s = 0;
        for (float x : v) s += x * x;
        for (int j = 0; j < v.length; j++) v[j] /= (float) Math.sqrt(s);
    }

    private static int eval(StringWriter out, String... extra) {
        List<String> args = new ArrayList<>(List.of("route", "eval", "-q", "--model", model.toString(), "--resamples", "20", "--no-original"));
        args.addAll(List.of(extra));
        return Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
    }

    @Test
    void eachSplitIsNamedInTheReportsAndTheTopicSplitHoldsOutWholeClusters() {
        for (String split : List.of("paraphrase", "topic")) {
            Path dir = tmp.resolve("eval-" + split);
            StringWriter out = new StringWriter();
            assertThat(eval(out, "--split", split, "--seed", "3", "--output-dir", dir.toString())).isZero();
            JsonNode metrics = Json.readTree(dir.resolve("metrics.json"));
            assertThat(metrics.path("split").asText()).isEqualTo(split);
            assertThat(metrics.path("split_description").asText()).isEqualTo(HeldOutSplit.Kind.parse(split).description());
            assertThat(metrics.path("rows").get(0).path("method").asText()).isEqualTo("raw embeddings");
            assertThat(Json.readTree(dir.resolve("run.json")).path("config").path("split").asText()).isEqualTo(split);
            assertThat(out.toString()).startsWith("Split " + split + " (").contains("uncertainty-weighted router");
        }
        // 2 of the 8 clusters (a quarter, the fit's share), 6 pairs each
        assertThat(Json.readTree(tmp.resolve("eval-topic/metrics.json")).path("held_out_questions").asInt()).isEqualTo(12);
    }

    @Test
    void anUnknownSplitOrStudentsOnTheTopicSplitExitTwoWithoutARunDirectory() {
        Path dir = tmp.resolve("bad");
        assertThat(eval(new StringWriter(), "--split", "topics", "--output-dir", dir.toString())).isEqualTo(2);
        assertThat(eval(new StringWriter(), "--split", "topic", "--student", model.toString(), "--output-dir", dir.toString())).isEqualTo(2);
        assertThat(Files.exists(dir)).isFalse();
    }
}
