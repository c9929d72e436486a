package dev.retort.kd.distill;

import dev.retort.core.io.CsvWriter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code step_metrics.csv}: one row per optimizer step with the total loss, each component's raw and weighted
 * value and weight, gradient norms (total / encoder / decoder, before clipping), learning rate, temperature,
 * alpha, effective batch size, native memory in MB and elapsed seconds. A component skipped at a step (weight 0)
 * is left empty.
 */
final class StepLog implements AutoCloseable {
    private final CsvWriter csv;
    private final List<String> components;

    record Row(long step, int epoch, double totalLoss, Map<String, Double> raw, Map<String, Double> weighted,
               Map<String, Double> weights, double gradTotal, double gradEncoder, double gradDecoder, double lr,
               double temperature, double alpha, int effectiveBatch, double memoryMb, double elapsedS) {
    }

    /** @param resumeAfterStep keep the rows up to this step of an interrupted run and append; negative: start afresh */
    StepLog(Path file, List<String> components, long resumeAfterStep) {
        this.components = components;
        List<String> header = new ArrayList<>(List.of("step", "epoch", "total_loss"));
        for (String c : components) header.add(c + "_raw");
        for (String c : components) header.add(c + "_weighted");
        for (String c : components) header.add(c + "_weight");
        header.addAll(List.of("grad_norm_total", "grad_norm_encoder", "grad_norm_decoder", "learning_rate", "temperature",
                "alpha", "effective_batch_size", "memory_mb", "elapsed_s"));
        csv = resumeAfterStep < 0 ? CsvWriter.create(file, header)
                : CsvWriter.continueFrom(file, header, row -> Long.parseLong(row.get("step")) <= resumeAfterStep);
    }

    void write(Row r) {
        List<Object> v = new ArrayList<>(List.of(r.step(), r.epoch(), r.totalLoss()));
        for (String c : components) v.add(cell(r.raw().get(c)));
        for (String c : components) v.add(cell(r.weighted().get(c)));
        for (String c : components) v.add(cell(r.weights().get(c)));
        v.addAll(List.of(r.gradTotal(), r.gradEncoder(), r.gradDecoder(), r.lr(), r.temperature(), r.alpha(),
                r.effectiveBatch(), r.memoryMb(), r.elapsedS()));
        csv.row(v.toArray());
    }

    private static Object cell(Double d) {
        return d == null ? "" : d;
    }

    @Override
    public void close() {
        csv.close();
    }
}
