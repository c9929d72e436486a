package dev.retort.cli.route;

import dev.retort.cli.EngineOptions;
import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.io.CsvWriter;
import dev.retort.core.io.Json;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.report.LineChart;
import dev.retort.core.report.MetricsLogger;
import dev.retort.core.run.RunDirectory;
import dev.retort.route.RouterKind;
import dev.retort.route.Student;
import dev.retort.route.StudentSweep;
import dev.retort.route.SweepCharts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@Command(name = "distill", mixinStandardHelpOptions = true, defaultValueProvider = DistillDefaults.class,
        description = {"Distil a fitted router into a compact transformer whose input is the query plus the mean answers "
                        + "of its --top-k nearest clusters.",
                "Loss --mse-weight·MSE + --cos-weight·(1 − cos) to the teacher's output (0.3 and 0.7 by default), AdamW, "
                        + "early stopping on a validation slice of the training questions. Each shape's width is heads × --head-dim "
                        + "unless --width fixes it. Lists for --heads/--layers train their grid (--shapes: exactly the listed "
                        + "shapes), chart held-out Hit@1 and teacher fidelity per cell (sweep-*.png), and keep the cell with "
                        + "the lowest validation loss."},
        footer = {"", "Example:",
                "  retort route distill --teacher runs/route --heads 1,2,4 --layers 1,2,3 --output-dir runs/route-student",
                "  retort route distill --teacher runs/route --shapes 12x2,6x3,4x4 --output-dir runs/route-student"})
public final class DistillCommand implements Runnable {
    @Spec
    CommandSpec spec;
    @Mixin
    EngineOptions engine;

    @Option(names = "--teacher", required = true, paramLabel = "DIR", description = "Model directory from 'retort route fit'.")
    Path teacher;
    @Option(names = "--target", defaultValue = "weighted", paramLabel = "ROUTER",
            description = "Which of the teacher's query transforms to copy: centroid, question, weighted, uncertainty-weighted, adapter, "
                    + "adapter-moe (default: ${DEFAULT-VALUE}).")
    String target;
    @Option(names = "--heads", split = ",", paramLabel = "H[,H…]", description = "Attention heads; with --layers a grid (default: ${DEFAULT-VALUE}).")
    int[] heads;
    @Option(names = "--layers", split = ",", paramLabel = "L[,L…]", description = "Encoder layers (default: ${DEFAULT-VALUE}).")
    int[] layers;
    @Option(names = "--shapes", split = ",", paramLabel = "HxL[,HxL…]",
            description = "Exact shapes instead of the --heads × --layers grid, e.g. the proposal's 12x2,6x3,4x4.")
    List<String> shapes = new ArrayList<>();
    @Option(names = "--head-dim", paramLabel = "D", description = "Size of each attention head; the width is heads × D (default: ${DEFAULT-VALUE}).")
    int headDim;
    @Option(names = "--width", paramLabel = "M",
            description = "One fixed width for every shape instead (divisible by each head count); 0 = heads × --head-dim (default: ${DEFAULT-VALUE}).")
    int width;
    @Option(names = "--top-k", paramLabel = "T", description = "Cluster tokens per query (default: ${DEFAULT-VALUE}).")
    int topK;
    @Option(names = "--epochs", paramLabel = "N", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--patience", paramLabel = "N", description = "Early-stopping patience in epochs (default: ${DEFAULT-VALUE}).")
    int patience;
    @Option(names = "--lr", paramLabel = "LR", description = "AdamW learning rate (default: ${DEFAULT-VALUE}).")
    double lr;
    @Option(names = "--importance", arity = "0..1", fallbackValue = "entropy", paramLabel = "KIND",
            description = "Sample weights: uniform, entropy or fisher = clip(u/mean u, 0.5, 2) of the teacher router's entropy or "
                    + "Fisher information on the sample (uncertain samples count more); bare --importance = entropy (default: ${DEFAULT-VALUE}).")
    String importance;
    @Option(names = "--augment", paramLabel = "N", description = "Noisy copies of each training question (default: ${DEFAULT-VALUE}).")
    int augment;
    @Option(names = "--mse-weight", paramLabel = "W", description = "Weight of the MSE term (default: ${DEFAULT-VALUE}).")
    double mseWeight;
    @Option(names = "--cos-weight", paramLabel = "W", description = "Weight of the 1 − cos term (default: ${DEFAULT-VALUE}).")
    double cosWeight;
    @Option(names = "--output-dir", paramLabel = "DIR", description = "Student directory (default: results/route-student-<timestamp>).")
    Path outputDir;

    /** --shapes as given, else the --heads × --layers grid; both at once is an error. */
    List<StudentSweep.Shape> shapes() {
        var parsed = spec.commandLine().getParseResult();
        if (shapes.isEmpty()) return StudentSweep.Shape.grid(heads, layers);
        if (parsed.hasMatchedOption("--heads") || parsed.hasMatchedOption("--layers"))
            throw new BadInputException("--shapes lists exact shapes; drop --heads/--layers, or drop --shapes to train their grid");
        return shapes.stream().map(StudentSweep.Shape::parse).toList();
    }

    /** The options over Student.Settings.defaults() (dropout, batch size, weight decay, … have no option), checked for every shape. */
    Student.Settings settings(List<StudentSweep.Shape> grid) {
        Student.Settings d = Student.Settings.defaults(grid.getFirst().heads(), grid.getFirst().layers());
        Student.Settings base = new Student.Settings(d.heads(), d.layers(), headDim, width, topK, d.dropout(), epochs, d.batchSize(), lr,
                d.weightDecay(), patience, d.validationFraction(), Student.Importance.parse(importance), augment, d.noise(), mseWeight, cosWeight);
        StudentSweep.check(grid, base);
        return base;
    }

    @Override
    public void run() {
        Engine eng = engine.start();
        RouterKind targetKind = RouterKind.parse(target);
        if (targetKind == RouterKind.RAW) throw new BadInputException("--target raw has nothing to distil; pick a router or adapter");
        List<StudentSweep.Shape> grid = shapes();
        Student.Settings base = settings(grid);
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("teacher", teacher.toString());
        cfg.put("target", targetKind.cliName());
        cfg.put("settings", base);
        cfg.put("shapes", grid.stream().map(g -> g.heads() + "x" + g.layers()).toList());
        RunDirectory run = RunDirectory.create("route-student", outputDir, spec.commandLine().getParseResult().originalArgs(), cfg,
                List.of(teacher.resolve("teacher.safetensors")));

        StudentSweep.Result r = StudentSweep.run(teacher, grid, base, targetKind, eng.seed());
        r.student().save(run.path());

        try (CsvWriter csv = CsvWriter.create(run.file("sweep.csv"), List.of("heads", "layers", "width", "parameters", "compression", "best_epoch",
                "validation_loss", "heldout_fidelity", "heldout_hit1", "heldout_group_hit1", "seconds"))) {
            for (var p : r.points()) csv.row(p.heads(), p.layers(), p.width(), p.parameters(), p.compression(), p.bestEpoch(), p.validationLoss(),
                    p.fidelity(), p.hit1(), p.groupHit1(), p.seconds());
        }
        try (MetricsLogger metrics = run.metrics("metrics")) {
            var d = r.chosenRun();
            for (int e = 0; e < d.trainLoss().length; e++) metrics.log(e + 1, Map.of("train_loss", d.trainLoss()[e], "validation_loss", d.validationLoss()[e]));
            LineChart.write(run.file("loss.png"), "chosen student: loss per epoch", "epoch", d.student().settings().lossFormula(),
                    List.of(metrics.series("train_loss", "train"), metrics.series("validation_loss", "validation")));
        }
        SweepCharts.write(r.points(), r.rawHit1(), r.teacherHit1(), run.file("sweep-hit1.png"), run.file("sweep-fidelity.png"));
        Json.write(run.file("sweep.json"), r.points());

        List<List<String>> rows = new ArrayList<>();
        for (var p : r.points()) {
            rows.add(List.of(String.valueOf(p.heads()), String.valueOf(p.layers()), String.valueOf(p.width()), String.format(Locale.ROOT, "%,d", p.parameters()),
                    String.format(Locale.ROOT, "%.1f×", p.compression()), String.valueOf(p.bestEpoch()),
                    String.format(Locale.ROOT, "%.4f", p.validationLoss()), String.format(Locale.ROOT, "%.3f", p.fidelity()),
                    String.format(Locale.ROOT, "%.3f", p.hit1()), String.format(Locale.ROOT, "%.3f", p.groupHit1())));
        }
        List<String> header = List.of("heads", "layers", "width", "params", "compression vs dense W's", "best epoch", "val loss",
                "held-out fidelity", "held-out Hit@1", "held-out group Hit@1");
        new HtmlReport("route distill: transformer student of the " + targetKind.cliName() + " router")
                .paragraph(String.format(Locale.ROOT, "Teacher %s; dense W's = %,d values. Held-out Hit@1: raw %.3f, teacher %.3f. Chosen by validation loss: H=%d L=%d.",
                        teacher, r.denseTeacherParameters(), r.rawHit1(), r.teacherHit1(), r.chosen().heads(), r.chosen().layers()))
                .table("H × L sweep (fidelity = mean cosine to the teacher on held-out questions)", header, rows)
                .image("held-out Hit@1 by layers, one line per head count", run.file("sweep-hit1.png"))
                .image("teacher fidelity by layers, one line per head count", run.file("sweep-fidelity.png"))
                .image("chosen student's loss curves", run.file("loss.png"))
                .code(String.join(" ", spec.commandLine().getParseResult().originalArgs()))
                .write(run.file("report.html"));

        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "held-out Hit@1: raw %.3f, teacher (%s) %.3f%n", r.rawHit1(), targetKind.cliName(), r.teacherHit1());
        out.println(String.join(" | ", header));
        for (var row : rows) out.println(String.join(" | ", row));
        out.printf(Locale.ROOT, "chosen (lowest validation loss): H=%d L=%d, %,d parameters, %.1f× smaller than the dense W's; student: %s%n",
                r.chosen().heads(), r.chosen().layers(), r.chosen().parameters(), r.chosen().compression(), run.path());
    }
}
