package dev.retort.cli.route;

import dev.retort.cli.EngineOptions;
import dev.retort.cli.ResumeOptions;
import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.run.RunDirectory;
import dev.retort.route.RouteDistill;
import dev.retort.route.RouterKind;
import dev.retort.route.Student;
import dev.retort.route.StudentSweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
                "  retort route distill --teacher runs/route --shapes 12x2,6x3,4x4 --output-dir runs/route-student",
                "  retort route distill … --output-dir runs/route-student --resume    # continue after an interruption"})
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
            description = "Sample weights: uniform, or clip(u/mean u, 0.5, 2) of an uncertainty u: entropy or fisher = the teacher router's "
                    + "entropy or Fisher information on the sample, embedding = how far the question's embedding moves when words are "
                    + "dropped (uncertain samples count more); bare --importance = entropy (default: ${DEFAULT-VALUE}).")
    String importance;
    @Option(names = "--augment", paramLabel = "N", description = "Noisy copies of each training question (default: ${DEFAULT-VALUE}).")
    int augment;
    @Option(names = "--mse-weight", paramLabel = "W", description = "Weight of the MSE term (default: ${DEFAULT-VALUE}).")
    double mseWeight;
    @Option(names = "--cos-weight", paramLabel = "W", description = "Weight of the 1 − cos term (default: ${DEFAULT-VALUE}).")
    double cosWeight;
    @Option(names = "--output-dir", paramLabel = "DIR", description = "Student directory (default: results/route-student-<timestamp>).")
    Path outputDir;
    @Option(names = "--resume", description = "Continue a killed sweep in --output-dir: finished students are restored from students/*/checkpoint/, the interrupted one goes on from its last epoch.")
    boolean resume;

    /** --shapes as given, else the --heads × --layers grid; both at once is an error. */
    List<StudentSweep.Shape> shapes() {
        var parsed = spec.commandLine().getParseResult();
        if (shapes.isEmpty()) return StudentSweep.Shape.grid(heads, layers);
        if (parsed.hasMatchedOption("--heads") || parsed.hasMatchedOption("--layers"))
            throw new BadInputException("--shapes lists exact shapes; drop --heads/--layers, or drop --shapes to train their grid");
        return shapes.stream().map(StudentSweep.Shape::parse).toList();
    }

    /** The options over Student.Settings.defaults() (dropout, batch size, weight decay, … have no option), checked for every shape. */
    RouteDistill.Options options() {
        RouterKind targetKind = RouterKind.parse(target);
        if (targetKind == RouterKind.RAW) throw new BadInputException("--target raw has nothing to distil; pick a router or adapter");
        List<StudentSweep.Shape> grid = shapes();
        Student.Settings d = Student.Settings.defaults(grid.getFirst().heads(), grid.getFirst().layers());
        var shape = new Student.Shape(d.shape().heads(), d.shape().layers(), headDim, width, topK, d.shape().dropout());
        var training = new Student.Training(epochs, d.training().batchSize(), lr, d.training().weightDecay(), patience, d.training().validationFraction());
        var loss = new Student.Loss(Student.Importance.parse(importance), augment, d.loss().noise(), mseWeight, cosWeight);
        Student.Settings base = new Student.Settings(shape, training, loss);
        return new RouteDistill.Options(teacher, targetKind, grid, base);
    }

    @Override
    public void run() {
        Engine eng = engine.start();
        RouteDistill.Options o = options();
        ResumeOptions.check(resume, outputDir, o.config());
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        RunDirectory run = RunDirectory.create("route-student", outputDir, args, o.config(), List.of(teacher.resolve("teacher.safetensors")));
        StudentSweep.Result r = RouteDistill.run(o, run, eng.seed(), String.join(" ", args), resume);
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "held-out Hit@1: raw %.3f, teacher (%s) %.3f%n", r.rawHit1(), o.target().cliName(), r.teacherHit1());
        out.println(String.join(" | ", RouteDistill.HEADER));
        for (var row : RouteDistill.rows(r)) out.println(String.join(" | ", row));
        out.printf(Locale.ROOT, "chosen (lowest validation loss): H=%d L=%d, %,d parameters, %.1f× smaller than the dense W's; student: %s%n",
                r.chosen().heads(), r.chosen().layers(), r.chosen().parameters(), r.chosen().compression(), run.path());
    }
}
