package dev.retort.kd.distill;

import dev.retort.core.io.CsvWriter;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row per optimizer step, in the original pipeline's {@code step_metrics.csv} columns and order —
 * {@code timestamp, epoch, step, mini_batch_idx}, {@code <c>_loss_raw, <c>_loss_weighted} per component,
 * {@code total_loss_raw, total_loss_weighted}, gradient norms (total / encoder / decoder, before clipping),
 * {@code learning_rate, temperature, alpha, effective_batch_size, memory_usage_mb} (process RSS in MiB),
 * {@code elapsed_time_seconds}, then {@code <c>_weight} per component — and the same values as TensorBoard scalars
 * under the original's dashboards ({@link #scalars}).
 * <p>
 * {@code <c>_loss_weighted} = weight × {@code <c>_loss_raw}, except semantic, whose raw column is the unscaled
 * 1 − cos and whose weighted column is weight × β × raw (β = {@code --semantic-loss-scale}), as the original
 * documents. A component skipped at a step (weight 0) is left empty. {@code total_loss_weighted} is the objective;
 * {@code total_loss_raw} the sum of the raw columns.
 */
final class StepLog implements AutoCloseable {
    static final String LOSS = "Loss/", LOSS_RAW = "Loss_Raw/", LOSS_WEIGHTED = "Loss_Weighted/", WEIGHTS = "Weights/",
            GRADIENTS = "Gradients/", HYPERPARAMS = "Hyperparams/", VALIDATION = "Validation/", TRAINING = "Training/";
    private final CsvWriter csv;
    private final List<String> components;
    private final double semanticScale;

    /**
     * @param raw          each component's value as the objective sees it (semantic with β), before the weight
     * @param miniBatchIdx 0-based index within the epoch of the step's last micro-batch
     */
    record Row(int epoch, long step, int miniBatchIdx, Map<String, Double> raw, Map<String, Double> weighted,
               Map<String, Double> weights, double gradTotal, double gradEncoder, double gradDecoder, double lr,
               double temperature, double alpha, int effectiveBatch, double memoryMb, double elapsedS) {
        double totalWeighted() {
            return weighted.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /** @param resumeAfterStep keep the rows up to this step of an interrupted run and append; negative: start afresh */
    StepLog(Path file, List<String> components, double semanticScale, long resumeAfterStep) {
        this.components = components;
        this.semanticScale = semanticScale;
        List<String> header = new ArrayList<>(List.of("timestamp", "epoch", "step", "mini_batch_idx"));
        for (String c : components) header.addAll(List.of(c + "_loss_raw", c + "_loss_weighted"));
        header.addAll(List.of("total_loss_raw", "total_loss_weighted", "grad_norm_total", "grad_norm_encoder",
                "grad_norm_decoder", "learning_rate", "temperature", "alpha", "effective_batch_size", "memory_usage_mb",
                "elapsed_time_seconds"));
        for (String c : components) header.add(c + "_weight");
        csv = resumeAfterStep < 0 ? CsvWriter.create(file, header)
                : CsvWriter.continueFrom(file, header, row -> Long.parseLong(row.get("step")) <= resumeAfterStep);
    }

    void write(Row r) {
        Map<String, Double> raw = rawColumns(r);
        List<Object> v = new ArrayList<>(List.of(LocalDateTime.now().toString(), r.epoch(), r.step(), r.miniBatchIdx()));
        for (String c : components) {
            v.add(cell(raw.get(c)));
            v.add(cell(r.weighted().get(c)));
        }
        v.addAll(List.of(sum(raw), r.totalWeighted(), r.gradTotal(), r.gradEncoder(), r.gradDecoder(), r.lr(), r.temperature(),
                r.alpha(), r.effectiveBatch(), r.memoryMb(), r.elapsedS()));
        for (String c : components) v.add(cell(r.weights().get(c)));
        csv.row(v.toArray());
    }

    /** The row as TensorBoard scalars: Loss/ (values before weighting, semantic with β, and the total objective), Loss_Raw/, Loss_Weighted/, Weights/, Gradients/, Hyperparams/, Training/. */
    Map<String, Double> scalars(Row r) {
        Map<String, Double> raw = rawColumns(r);
        Map<String, Double> s = new LinkedHashMap<>();
        r.raw().forEach((c, v) -> s.put(LOSS + c, v));
        s.put(LOSS + "total", r.totalWeighted());
        raw.forEach((c, v) -> s.put(LOSS_RAW + c, v));
        s.put(LOSS_RAW + "total", sum(raw));
        r.weighted().forEach((c, v) -> s.put(LOSS_WEIGHTED + c, v));
        s.put(LOSS_WEIGHTED + "total", r.totalWeighted());
        r.weights().forEach((c, v) -> s.put(WEIGHTS + c, v));
        s.put(GRADIENTS + "total_norm", r.gradTotal());
        s.put(GRADIENTS + "encoder_norm", r.gradEncoder());
        s.put(GRADIENTS + "decoder_norm", r.gradDecoder());
        s.put(HYPERPARAMS + "learning_rate", r.lr());
        s.put(HYPERPARAMS + "temperature", r.temperature());
        s.put(HYPERPARAMS + "alpha", r.alpha());
        s.put(TRAINING + "effective_batch_size", (double) r.effectiveBatch());
        s.put(TRAINING + "memory_usage_mb", r.memoryMb());
        s.put(TRAINING + "elapsed_time", r.elapsedS());
        s.put(TRAINING + "mini_batch_idx", (double) r.miniBatchIdx());
        return s;
    }

    /** The raw columns: the values before weighting, the semantic one without β (β = 0 leaves it 0). */
    private Map<String, Double> rawColumns(Row r) {
        Map<String, Double> raw = new LinkedHashMap<>(r.raw());
        raw.computeIfPresent("semantic", (c, v) -> semanticScale == 0 ? v : v / semanticScale);
        return raw;
    }

    private static double sum(Map<String, Double> values) {
        return values.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static Object cell(Double d) {
        return d == null ? "" : d;
    }

    @Override
    public void close() {
        csv.close();
    }
}
