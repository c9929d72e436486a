package dev.retort.score;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.io.Json;
import dev.retort.core.io.NdArray;
import dev.retort.core.io.Npy;
import dev.retort.core.run.RunDirectory;
import dev.retort.core.train.EpochCheckpoint;
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
        List<Path> files = writeViews(dir, 40, 1);

        var align = new ScoreAlign.Options(files.get(0), files.get(1), files.get(2), new Alignment.Config(4, 2, 16, 0.02, 0.01, 0.25));
        assertThat(align.config()).containsOnlyKeys("dim", "epochs", "batchSize", "lr", "epsilon", "holdout");
        RunDirectory alignRun = RunDirectory.create("score-align", dir.resolve("align"), List.of(), align.config(), align.inputs());
        Alignment.Result a = ScoreAlign.run(align, alignRun, "retort score align", EpochCheckpoint.Plan.OFF);
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
        Distillation.Result r = ScoreDistill.run(distill, run, "retort score distill", EpochCheckpoint.Plan.OFF);
        assertThat(r.parameters()).isEqualTo(12 * 8 + 8 + 8 * 4 + 4);                // the secondary head: width 12 → dim 4
        JsonNode result = Json.readTree(run.file("result.json"));
        assertThat(result.path("after").path("meanSquaredError").asDouble()).isEqualTo(r.after().meanSquaredError());
        assertThat(run.file(Distillation.MODEL_FILE)).isNotEmptyFile();
        assertThat(Files.readString(run.file("report.html"))).contains("Held-out fidelity", "head secondary", "[40, 12]");
    }

    @Test
    void aPausedAndResumedAlignmentAndStudentEndAsUninterruptedRunsDo(@TempDir Path dir) throws IOException {
        List<Path> files = writeViews(dir, 60, 2);
        var align = new ScoreAlign.Options(files.get(0), files.get(1), files.get(2), new Alignment.Config(4, 5, 16, 0.02, 0.01, 0.25));
        var distill = new ScoreDistill.Options(files.get(1), files.get(0), null, "primary", new Distillation.Config(8, 5, 16, 3e-3, 0.25));
        for (String kind : List.of("align", "distill")) {
            Path whole = dir.resolve(kind + "-whole"), parts = dir.resolve(kind + "-parts");
            boolean aligning = kind.equals("align");
            Runnable[] runs = {
                    () -> scoreRun(aligning, align, distill, whole, EpochCheckpoint.Plan.OFF),
                    () -> scoreRun(aligning, align, distill, parts, new EpochCheckpoint.Plan(parts, false, 2)),
                    () -> scoreRun(aligning, align, distill, parts, new EpochCheckpoint.Plan(parts, true, 0))};
            for (Runnable r : runs) r.run();
            String model = aligning ? Alignment.MODEL_FILE : Distillation.MODEL_FILE;
            assertThat(Files.readAllBytes(parts.resolve(model))).as(kind).isEqualTo(Files.readAllBytes(whole.resolve(model)));
            assertThat(withoutWallTime(parts.resolve("metrics.csv"))).as(kind).isEqualTo(withoutWallTime(whole.resolve("metrics.csv")));
            assertThat(Json.readTree(parts.resolve("result.json"))).as(kind).isEqualTo(Json.readTree(whole.resolve("result.json")));
        }
    }

    /** Starts the engine (seed 42) and writes {@link AlignmentTest#views} as hp.npy, hs.npy and he.npy into {@code dir}. */
    private static List<Path> writeViews(Path dir, int rows, long seed) {
        Engine.start(new Engine.Config(Engine.Backend.CPU, 1, 42));
        List<NdArray> views = AlignmentTest.views(rows, seed);
        List<Path> files = List.of(dir.resolve("hp.npy"), dir.resolve("hs.npy"), dir.resolve("he.npy"));
        for (int i = 0; i < 3; i++) Npy.write(files.get(i), views.get(i));
        return files;
    }

    private static List<String> withoutWallTime(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().map(line -> line.substring(0, line.lastIndexOf(','))).toList();
    }

    /** One score align or score distill run into {@code out}; the paused one's result says so. */
    private static void scoreRun(boolean aligning, ScoreAlign.Options align, ScoreDistill.Options distill, Path out, EpochCheckpoint.Plan plan) {
        Engine.start(new Engine.Config(Engine.Backend.CPU, 1, 42));
        boolean paused;
        if (aligning) {
            RunDirectory run = RunDirectory.create("score-align", out, List.of(), align.config(), align.inputs());
            paused = ScoreAlign.run(align, run, "retort score align", plan).paused();
        } else {
            RunDirectory run = RunDirectory.create("score-distill", out, List.of(), distill.config(), distill.inputFiles());
            paused = ScoreDistill.run(distill, run, "retort score distill", plan).paused();
        }
        assertThat(paused).isEqualTo(plan.stopAfter() > 0);
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
