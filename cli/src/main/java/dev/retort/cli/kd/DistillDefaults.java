package dev.retort.cli.kd;

import dev.retort.cli.RecordDefaults;
import dev.retort.kd.distill.DistillOptions;

import java.util.Map;

/** kd distill's option defaults, read from {@link DistillOptions#defaults()}. */
public final class DistillDefaults extends RecordDefaults {
    @Override
    protected Map<String, Object> values() {
        DistillOptions d = DistillOptions.defaults();
        var data = d.data();
        var model = d.model();
        var training = d.training();
        var optimizer = d.optimizer();
        var loss = d.loss();
        var schedule = d.schedule();
        var run = d.run();
        return Map.ofEntries(Map.entry("--max-train-samples", data.maxTrainSamples()), Map.entry("--max-val-samples", data.maxValSamples()),
                Map.entry("--teacher-top-k", data.teacherTopK()),
                Map.entry("--dropout-rate", model.dropoutRate()), Map.entry("--copy-follow", model.copyFollow()), Map.entry("--max-input-len", model.maxInputLen()),
                Map.entry("--max-output-len", model.maxOutputLen()),
                Map.entry("--epochs", training.epochs()), Map.entry("--batch-size", training.batchSize()),
                Map.entry("--gradient-accumulation-steps", training.gradientAccumulationSteps()), Map.entry("--workers", training.workers()),
                Map.entry("--lr", optimizer.lr()), Map.entry("--warmup-steps", optimizer.warmupSteps()), Map.entry("--weight-decay", optimizer.weightDecay().rate()),
                Map.entry("--decay-matrices-only", optimizer.weightDecay().matricesOnly()),
                Map.entry("--loss-function", loss.lossFunction()), Map.entry("--alpha", loss.alpha()),
                Map.entry("--semantic-loss-scale", loss.semanticLossScale()), Map.entry("--pans-weight", loss.pansWeight()),
                Map.entry("--ast-weight", loss.astWeight()), Map.entry("--samples-per-example", loss.samplesPerExample()),
                Map.entry("--schedule-granularity", schedule.scheduleGranularity()), Map.entry("--temperature", schedule.temperature()),
                Map.entry("--final-temperature", schedule.temperatureEnd()),
                Map.entry("--validation-frequency", run.validationFrequency()), Map.entry("--stop-after-epoch", run.stopAfterEpoch()));
    }
}
