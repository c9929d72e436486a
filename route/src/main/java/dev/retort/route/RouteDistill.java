package dev.retort.route;

import dev.retort.core.io.CsvWriter;
import dev.retort.core.io.Json;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.report.LineChart;
import dev.retort.core.report.MetricsLogger;
import dev.retort.core.run.RunDirectory;
import dev.retort.core.train.EpochCheckpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code retort route distill}: trains a student per shape ({@link StudentSweep}), saves the one with the lowest
 * validation loss in the run directory, and writes sweep.csv, sweep.json, the chosen student's loss curves (metrics.csv,
 * TensorBoard, loss.png), the sweep charts and report.html next to run.json.
 */
public final class RouteDistill {
    /** The sweep table's columns, as the report and the command print them. */
    public static final List<String> HEADER = List.of("heads", "layers", "width", "params", "compression vs dense W's", "best epoch",
            "val loss", "held-out fidelity", "held-out Hit@1", "held-out group Hit@1");

    /**
     * @param teacher  a model directory of {@code route fit}
     * @param target   the teacher's query transform the students copy
     * @param shapes   the heads × layers to train
     * @param settings the training settings every shape shares (its own heads and layers replaced per shape)
     */
    public record Options(Path teacher, RouterKind target, List<StudentSweep.Shape> shapes, Student.Settings settings) {
        public Options {
            StudentSweep.check(shapes, settings);
        }

        /** The resolved configuration recorded in run.json. */
        public Map<String, Object> config() {
            Map<String, Object> cfg = new LinkedHashMap<>();
            cfg.put("teacher", teacher.toString());
            cfg.put("target", target.cliName());
            cfg.put("settings", settings);
            cfg.put("shapes", shapes.stream().map(g -> g.heads() + "x" + g.layers()).toList());
            return cfg;
        }
    }

    private RouteDistill() {
    }

    /**
     * Runs the sweep and writes everything into {@code run}; {@code commandLine} is quoted in the report. Each student
     * checkpoints every epoch under {@code students/} in the run; {@code resume} continues a killed sweep from there.
     */
    public static StudentSweep.Result run(Options o, RunDirectory run, long seed, String commandLine, boolean resume) {
        StudentSweep.Result r = StudentSweep.run(o.teacher(), o.shapes(), o.settings(), o.target(), seed, new EpochCheckpoint.Plan(run.path(), resume, 0));
        r.student().save(run.path());
        try (CsvWriter csv = CsvWriter.create(run.file("sweep.csv"), List.of("heads", "layers", "width", "parameters", "compression", "best_epoch",
                "validation_loss", "heldout_fidelity", "heldout_hit1", "heldout_group_hit1", "seconds"))) {
            for (var p : r.points()) csv.row(p.heads(), p.layers(), p.width(), p.parameters(), p.compression(), p.bestEpoch(), p.validationLoss(),
                    p.fidelity(), p.hit1(), p.groupHit1(), p.seconds());
        }
        try (MetricsLogger metrics = run.metrics("metrics")) {
            var d = r.chosenRun();
            for (int e = 0; e < d.trainLoss().length; e++) metrics.log(e + 1, Map.of("train_loss", d.trainLoss()[e], "validation_loss", d.validationLoss()[e]));
            LineChart.write(run.file("loss.png"), "chosen student: loss per epoch", "epoch", d.student().settings().loss().formula(),
                    List.of(metrics.series("train_loss", "train"), metrics.series("validation_loss", "validation")));
        }
        SweepCharts.write(r.points(), r.rawHit1(), r.teacherHit1(), run.file("sweep-hit1.png"), run.file("sweep-fidelity.png"));
        Json.write(run.file("sweep.json"), r.points());
        new HtmlReport("route distill: transformer student of the " + o.target().cliName() + " router")
                .paragraph(String.format(Locale.ROOT, "Teacher %s; dense W's = %,d values. Held-out Hit@1: raw %.3f, teacher %.3f. Chosen by validation loss: H=%d L=%d.",
                        o.teacher(), r.denseTeacherParameters(), r.rawHit1(), r.teacherHit1(), r.chosen().heads(), r.chosen().layers()))
                .table("H × L sweep (fidelity = mean cosine to the teacher on held-out questions)", HEADER, rows(r))
                .image("held-out Hit@1 by layers, one line per head count", run.file("sweep-hit1.png"))
                .image("teacher fidelity by layers, one line per head count", run.file("sweep-fidelity.png"))
                .image("chosen student's loss curves", run.file("loss.png"))
                .code(commandLine)
                .write(run.file("report.html"));
        return r;
    }

    /** One row of {@link #HEADER} per trained shape. */
    public static List<List<String>> rows(StudentSweep.Result r) {
        List<List<String>> rows = new ArrayList<>();
        for (var p : r.points()) {
            rows.add(List.of(String.valueOf(p.heads()), String.valueOf(p.layers()), String.valueOf(p.width()), String.format(Locale.ROOT, "%,d", p.parameters()),
                    String.format(Locale.ROOT, "%.1f×", p.compression()), String.valueOf(p.bestEpoch()),
                    String.format(Locale.ROOT, "%.4f", p.validationLoss()), String.format(Locale.ROOT, "%.3f", p.fidelity()),
                    String.format(Locale.ROOT, "%.3f", p.hit1()), String.format(Locale.ROOT, "%.3f", p.groupHit1())));
        }
        return rows;
    }
}
