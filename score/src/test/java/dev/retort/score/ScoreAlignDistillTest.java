package dev.retort.score;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.io.Json;
import dev.retort.core.io.NdArray;
import dev.retort.core.io.Npy;
import dev.retort.core.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code score align} and {@code score distill} services: a short alignment run, then a student of one of its heads. */
class ScoreAlignDistillTest {
    @Test
    void distillsAHeadOfAnAlignmentRunAndWritesEveryFile(@TempDir Path dir) throws IOException {
        Engine.start(new Engine.Config(Engine.Backend.CPU, 1, 42));
        List<NdArray> views = AlignmentTest.views(40, 1);
        List<Path> files = List.of(dir.resolve("hp.npy"), dir.resolve("hs.npy"), dir.resolve("he.npy"));
        for (int i = 0; i < 3; i++) Npy.write(files.get(i), views.get(i));

        var align = new ScoreAlign.Options(files.get(0), files.get(1), files.get(2), new Alignment.Config(4, 2, 16, 0.02, 0.01, 0.25));
        assertThat(align.config()).containsOnlyKeys("dim", "epochs", "batchSize", "lr", "epsilon", "holdout");
        RunDirectory alignRun = RunDirectory.create("score-align", dir.resolve("align"), List.of(), align.config(), align.inputs());
        Alignment.Result a = ScoreAlign.run(align, alignRun, "retort score align");
        assertThat(a.heldOutRows()).isEqualTo(10);
        assertThat(Json.readTree(alignRun.file("result.json")).path("heldOutRows").asInt()).isEqualTo(10);
        for (String f : List.of(Alignment.MODEL_FILE, Alignment.SPEC_FILE, "metrics.csv", "loss_curve.png", "entropy_curve.png")) {
            assertThat(alignRun.file(f)).as(f).isNotEmptyFile();
        }
        assertThat(Files.readString(alignRun.file("report.html"))).contains("Held-out alignment", "chance = 1/10", "retort score align");

        var distill = new ScoreDistill.Options(files.get(1), null, alignRun.path(), "secondary", new Distillation.Config(8, 2, 16, 3e-3, 0.25));
        assertThat(distill.inputFiles()).containsExactly(files.get(1), alignRun.file(Alignment.MODEL_FILE));
        assertThat(distill.config()).containsEntry("head", "secondary").containsEntry("hidden", 8);
        RunDirectory run = RunDirectory.create("score-distill", dir.resolve("distill"), List.of(), distill.config(), distill.inputFiles());
        Distillation.Result r = ScoreDistill.run(distill, run, "retort score distill");
        assertThat(r.parameters()).isEqualTo(12 * 8 + 8 + 8 * 4 + 4);                // the secondary head: width 12 → dim 4
        JsonNode result = Json.readTree(run.file("result.json"));
        assertThat(result.path("after").path("meanSquaredError").asDouble()).isEqualTo(r.after().meanSquaredError());
        assertThat(run.file(Distillation.MODEL_FILE)).isNotEmptyFile();
        assertThat(Files.readString(run.file("report.html"))).contains("Held-out fidelity", "head secondary", "[40, 12]");
    }

    @Test
    void exactlyOneTargetSourceIsAccepted(@TempDir Path dir) {
        var config = new Distillation.Config(8, 1, 16, 3e-3, 0.2);
        Path h = dir.resolve("h.npy"), y = dir.resolve("y.npy");
        for (Path align : new Path[]{null, dir}) {
            assertThatThrownBy(() -> new ScoreDistill.Options(h, align == null ? null : y, align, "primary", config))
                    .isInstanceOf(BadInputException.class).hasMessage("give exactly one of --targets Y.npy or --alignment DIR");
        }
        var targets = new ScoreDistill.Options(h, y, null, "primary", config);
        assertThat(targets.inputFiles()).containsExactly(h, y);
        assertThat(targets.config()).containsEntry("head", null);
    }
}
