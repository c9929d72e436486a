package dev.retort.kd.distill;

import dev.retort.core.BadInputException;
import dev.retort.core.io.CsvTable;
import dev.retort.core.run.RunDirectory;
import dev.retort.kd.train.Seq2SeqTrainingLoop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code retort kd demo}: the original pipeline's four feature demonstrations — learning-rate warmup and decay, gradient
 * accumulation, the multi-component loss, a production configuration — each a real distillation run of the {@code tiny}
 * student on a course-format file (by default the bundled sample, in course-compatibility mode, so only token-level
 * terms), with its evidence read back from the run's {@code step_metrics.csv} and files.
 */
public final class FeatureDemo {
    /** The course-format sample bundled with retort (six records). */
    public static final Path SAMPLE = Path.of("data/assertions/course-format/distillation_data_sample.jsonl");

    /** One demonstration: what it shows, the numbers that show it, and whether they do. */
    public record Section(String title, List<String> evidence, boolean shown) {
    }

    private final Path data;
    private final Path outDir;

    private FeatureDemo(Path data, Path outDir) {
        this.data = data;
        this.outDir = outDir;
    }

    /** Runs the four demonstrations into {@code outDir/<name>/}, handing each section to {@code sections} as it is done. */
    public static List<Section> run(Path data, Path outDir, Consumer<Section> sections) {
        if (!Files.isRegularFile(data)) throw new BadInputException(data + ": no course-format file there; pass --data FILE");
        FeatureDemo demo = new FeatureDemo(data, outDir);
        List<Section> all = new ArrayList<>();
        for (Section s : List.of(demo.warmup(), demo.accumulation(), demo.multiComponent(), demo.production())) {
            sections.accept(s);
            all.add(s);
        }
        return all;
    }

    /** 4 epochs of batch 1 with 6 warmup steps: the rate climbs to --lr at step 6, then falls linearly to near 0. */
    private Section warmup() {
        CsvTable steps = train("warmup", options(4, 1, 1, "traditional", List.of(), false, 6, 0.5));
        int n = steps.rows().size();
        double[] lr = new double[n];
        for (int r = 0; r < n; r++) lr[r] = steps.number(r, "learning_rate");
        int peak = 0;
        for (int r = 1; r < n; r++) if (lr[r] > lr[peak]) peak = r;
        boolean falls = true;
        for (int r = peak + 1; r < n; r++) falls &= lr[r] <= lr[r - 1];
        falls &= lr[n - 1] < lr[peak] / 10;
        List<String> evidence = new ArrayList<>();
        for (int r : new int[]{0, 2, 5, n / 2, n - 1}) evidence.add(String.format(Locale.ROOT, "step %2d: learning rate %.3e", r + 1, lr[r]));
        evidence.add(String.format(Locale.ROOT, "peak at step %d of %d (warmup 6), then %s", peak + 1, n, falls ? "falling to the end" : "NOT falling"));
        return new Section("Learning-rate warmup and linear decay", evidence, peak == 5 && falls);
    }

    /** Batch 1 × 3 accumulated micro-batches against batch 3 × 1: the same examples and effective batch per optimizer step. */
    private Section accumulation() {
        CsvTable accumulated = train("accumulation-1x3", options(1, 1, 3, "traditional", List.of(), false, 0, 0.5));
        CsvTable whole = train("accumulation-3x1", options(1, 3, 1, "traditional", List.of(), false, 0, 0.5));
        List<String> evidence = new ArrayList<>();
        boolean same = accumulated.rows().size() == whole.rows().size();
        for (int r = 0; r < accumulated.rows().size(); r++) {
            double a = accumulated.number(r, "total_loss_weighted"), b = whole.number(r, "total_loss_weighted");
            same &= accumulated.get(r, "effective_batch_size").equals(whole.get(r, "effective_batch_size"));
            evidence.add(String.format(Locale.ROOT, "step %d: batch 1 × 3 micro-batches (last mini_batch_idx %s) loss %.5f | batch 3 × 1 "
                            + "(mini_batch_idx %s) loss %.5f | effective batch %s and %s", r + 1, accumulated.get(r, "mini_batch_idx"), a,
                    whole.get(r, "mini_batch_idx"), b, accumulated.get(r, "effective_batch_size"), whole.get(r, "effective_batch_size")));
        }
        evidence.add("the step losses are averaged differently (the mean of per-micro-batch means against one mean over all the batch's "
                + "target tokens), so they agree only when the examples have equal lengths");
        return new Section("Gradient accumulation", evidence, same);
    }

    /** ce, kl, focal and jsd with the legacy schedule: each logged raw, weighted = weight × raw, ce's weight moving .6 → .4. */
    private Section multiComponent() {
        List<String> components = List.of("ce", "kl", "focal", "jsd");
        CsvTable steps = train("multi-component", options(2, 2, 1, "multi_component", components, true, 0, 0.5));
        int last = steps.rows().size() - 1;
        List<String> evidence = new ArrayList<>();
        boolean consistent = true;
        for (String c : components) {
            for (int r : new int[]{0, last}) {
                double raw = steps.number(r, c + "_loss_raw"), weight = steps.number(r, c + "_weight");
                double weighted = steps.number(r, c + "_loss_weighted");
                consistent &= Math.abs(weighted - weight * raw) <= 1e-4 * Math.max(1, Math.abs(weighted));
                evidence.add(String.format(Locale.ROOT, "%-5s step %2d: raw %.4f × weight %.4f = weighted %.4f", c, r + 1, raw, weight, weighted));
            }
        }
        boolean moves = steps.number(last, "ce_weight") < steps.number(0, "ce_weight");
        evidence.add(String.format(Locale.ROOT, "total weighted loss: step 1 %.4f, step %d %.4f", steps.number(0, "total_loss_weighted"),
                last + 1, steps.number(last, "total_loss_weighted")));
        return new Section("Multi-component loss with dynamic weights", evidence, consistent && moves);
    }

    /** The settings kd pipeline distills with (traditional, α 0.9, dropout 0.1, 10% warmup, accumulation, T 4 → 1.5, clipping at 1, checkpoints). */
    private Section production() {
        DistillOptions o = options(3, 2, 2, "traditional", List.of(), false, 0, 0.9);
        CsvTable steps = train("production", o.withModel(new DistillOptions.Model("tiny", 0.1, 64, 24, false)));
        Path dir = outDir.resolve("production");
        int last = steps.rows().size() - 1;
        double maxNorm = 0;
        for (int r = 0; r <= last; r++) maxNorm = Math.max(maxNorm, steps.number(r, "grad_norm_total"));
        List<String> files = List.of("final_model/model.safetensors", "checkpoint", "training_report.json", "step_metrics.csv",
                "multi_component_loss_summary.json", "report.html", "tensorboard/scalars");
        List<String> missing = files.stream().filter(f -> !Files.exists(dir.resolve(f))).toList();
        List<String> evidence = List.of(
                String.format(Locale.ROOT, "%d optimizer steps of effective batch %s; loss %.4f → %.4f; temperature %s → %s", last + 1,
                        steps.get(0, "effective_batch_size"), steps.number(0, "total_loss_weighted"), steps.number(last, "total_loss_weighted"),
                        steps.get(0, "temperature"), steps.get(last, "temperature")),
                String.format(Locale.ROOT, "largest gradient norm before clipping %.3f (clipped to 1.0)", maxNorm),
                "written: " + (missing.isEmpty() ? String.join(", ", files) : "all but " + missing) + " in " + dir);
        return new Section("Production configuration", evidence, missing.isEmpty());
    }

    private DistillOptions options(int epochs, int batch, int accumulation, String mode, List<String> components, boolean dynamic,
                                   long warmup, double alpha) {
        DistillOptions d = DistillOptions.defaults();
        return d.withData(new DistillOptions.Data(data, null, 0, 0, null, null, null, 0, true, false))
                .withModel(new DistillOptions.Model("tiny", 0.0, 64, 24, false))
                .withTraining(new DistillOptions.Training(epochs, batch, accumulation, 1))
                .withOptimizer(new DistillOptions.Optimizer(1e-3, warmup, new Seq2SeqTrainingLoop.WeightDecay(0.01, false), 1.0))
                .withLoss(new DistillOptions.Loss(mode, components, List.of(), alpha, 5.0, 0.1, 0.1, 1))
                .withSchedule(new DistillOptions.Schedule(dynamic, dynamic ? "legacy" : null, "step", 4.0, 1.5));
    }

    private CsvTable train(String name, DistillOptions o) {
        Path dir = outDir.resolve(name);
        RunDirectory run = RunDirectory.create("kd-demo-" + name, dir, List.of("kd", "demo"), Map.of("options", o), List.of(data));
        Distiller.run(o, run, () -> {
            throw new IllegalStateException("the demo uses no sentence embeddings");
        });
        return CsvTable.read(dir.resolve(LossScalingAnalysis.LOG));
    }
}
