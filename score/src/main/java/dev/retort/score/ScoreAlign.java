package dev.retort.score;

import dev.retort.core.io.Json;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.report.MetricsLogger;
import dev.retort.core.run.RunDirectory;
import dev.retort.core.train.EpochCheckpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code retort score align}: trains the three projection heads of {@link Alignment} on hidden-state arrays. Writes
 * the heads (alignment.safetensors, alignment.json), result.json, metrics.csv (+ tensorboard/), the loss and entropy
 * curve PNGs and report.html into the run directory.
 */
public final class ScoreAlign {
    /** The options of {@code score align}: the three hidden-state arrays, rows aligned, and the training settings. */
    public record Options(Path primary, Path secondary, Path evaluator, Alignment.Config training) {
        /** Every input file, for run.json's hashes. */
        public List<Path> inputs() {
            return List.of(primary, secondary, evaluator);
        }

        /** The resolved configuration recorded in run.json. */
        public Map<String, Object> config() {
            return ScoreReports.fields(training);
        }
    }

    private ScoreAlign() {
    }

    /**
     * Trains and evaluates the heads, writing into {@code run}; {@code commandLine} is quoted in report.html; {@code plan}
     * says whether to checkpoint every epoch into the run, to resume from its checkpoint and to stop early.
     */
    public static Alignment.Result run(Options o, RunDirectory run, String commandLine, EpochCheckpoint.Plan plan) {
        Alignment.Config c = o.training();
        Alignment.Result r;
        HtmlReport report = new HtmlReport("retort score align");
        try (MetricsLogger log = EpochCheckpoint.metrics(run, "metrics", plan)) {
            r = Alignment.train(List.of(NpyInput.vectors(o.primary()), NpyInput.vectors(o.secondary()), NpyInput.vectors(o.evaluator())),
                    c, log, run.path(), plan);
            Json.write(run.file("result.json"), r);
            report.keyValues("Run", ScoreReports.ordered("widths (primary, secondary, evaluator)", Arrays.toString(r.widths()),
                            "shared dim", c.dim(), "rows (train / held-out)", r.trainRows() + " / " + r.heldOutRows(), "parameters", r.parameters(),
                            "FGSM ε", c.epsilon(), "epochs", ScoreReports.epochs(r.epochs(), c.epochs(), r.paused())))
                    .table("Held-out alignment (L_align = mean over pairs of 1 − cos; retrieval@1: primary → own secondary row, chance = 1/"
                                    + r.heldOutRows() + ")",
                            List.of("heads", "L_align", "L_align under FGSM", "cos(primary, secondary)", "cos(primary, evaluator)",
                                    "cos(secondary, evaluator)", "retrieval@1"), qualityRows(r));
            ScoreReports.curves(run, log, report, "epoch");
        }
        report.paragraph("entropy/match_normalized: mean entropy of softmax(cos / 0.1) over held-out secondary rows for each primary row, divided by log(rows); 0 = each row matches one partner decisively.")
                .code(commandLine).write(run.file("report.html"));
        return r;
    }

    /** The held-out quality before and after training, as rows of the report's table. */
    private static List<List<String>> qualityRows(Alignment.Result r) {
        List<List<String>> rows = new ArrayList<>();
        for (var q : List.of(Map.entry("before training", r.before()), Map.entry("after training", r.after()))) {
            Alignment.Quality v = q.getValue();
            rows.add(List.of(q.getKey(), ScoreReports.f(v.loss()), ScoreReports.f(v.adversarialLoss()), ScoreReports.f(v.pairCosine()[0]),
                    ScoreReports.f(v.pairCosine()[1]), ScoreReports.f(v.pairCosine()[2]), ScoreReports.f(v.retrievalAt1())));
        }
        return rows;
    }
}
