package dev.retort.score;

import dev.retort.core.BadInputException;
import dev.retort.core.io.Json;
import dev.retort.core.io.NdArray;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.report.MetricsLogger;
import dev.retort.core.run.RunDirectory;
import dev.retort.core.train.EpochCheckpoint;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code retort score distill}: trains the student MLP of {@link Distillation} to mimic targets read from a .npy file
 * or projected by a head of a {@code score align} run. Writes the student (student.safetensors), result.json,
 * metrics.csv (+ tensorboard/), the loss and entropy curve PNGs and report.html into the run directory.
 */
public final class ScoreDistill {
    /**
     * Exactly one of {@code targets} and {@code alignment}.
     *
     * @param alignment the run directory of {@code score align} whose head projects the inputs into the targets
     * @param head      with {@code alignment}: primary, secondary or evaluator
     */
    public record Options(Path inputs, Path targets, Path alignment, String head, Distillation.Config training) {
        public Options {
            if ((targets == null) == (alignment == null)) throw new BadInputException("give exactly one of --targets Y.npy or --alignment DIR");
        }

        /** Every input file, for run.json's hashes: the inputs, and the targets or the alignment's heads. */
        public List<Path> inputFiles() {
            return List.of(inputs, targets != null ? targets : alignment.resolve(Alignment.MODEL_FILE));
        }

        /** The resolved configuration recorded in run.json: the training settings and the head (null with --targets). */
        public Map<String, Object> config() {
            Map<String, Object> config = ScoreReports.fields(training);
            config.put("head", alignment == null ? null : head);
            return config;
        }
    }

    private ScoreDistill() {
    }

    /**
     * Trains and evaluates the student, writing into {@code run}; {@code commandLine} is quoted in report.html; {@code plan}
     * says whether to checkpoint every epoch into the run, to resume from its checkpoint and to stop early.
     */
    public static Distillation.Result run(Options o, RunDirectory run, String commandLine, EpochCheckpoint.Plan plan) {
        NdArray h = NpyInput.vectors(o.inputs());
        NdArray y = o.targets() != null ? NpyInput.vectors(o.targets()) : Alignment.project(o.alignment(), o.head(), h);
        Distillation.Result r;
        HtmlReport report = new HtmlReport("retort score distill");
        try (MetricsLogger log = EpochCheckpoint.metrics(run, "metrics", plan)) {
            r = Distillation.train(h, y, o.training(), log, run.path(), plan);
            Json.write(run.file("result.json"), r);
            report.keyValues("Run", ScoreReports.ordered("inputs", o.inputs() + " " + Arrays.toString(h.shape()),
                            "targets", o.targets() != null ? o.targets().toString() : o.alignment() + " head " + o.head(), "student parameters", r.parameters(),
                            "rows (train / held-out)", r.trainRows() + " / " + r.heldOutRows(), "epochs", ScoreReports.epochs(r.epochs(), o.training().epochs(), r.paused())))
                    .table("Held-out fidelity (MSE = mean over rows of ‖student − target‖²)", List.of("student", "MSE", "cosine fidelity"),
                            List.of(List.of("before training", ScoreReports.f(r.before().meanSquaredError()), ScoreReports.f(r.before().cosineFidelity())),
                                    List.of("after training", ScoreReports.f(r.after().meanSquaredError()), ScoreReports.f(r.after().cosineFidelity()))));
            ScoreReports.curves(run, log, report, "epoch");
        }
        report.paragraph("entropy/student_softmax_normalized: mean entropy of softmax over the student's output dims, divided by log k.")
                .code(commandLine).write(run.file("report.html"));
        return r;
    }
}
