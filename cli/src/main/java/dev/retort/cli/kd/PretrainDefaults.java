package dev.retort.cli.kd;

import dev.retort.cli.RecordDefaults;
import dev.retort.kd.pretrain.Pretrainer;

import java.util.Map;

/** pretrain's option defaults, read from {@link Pretrainer.Options#defaults()}. */
public final class PretrainDefaults extends RecordDefaults {
    @Override
    protected Map<String, Object> values() {
        Pretrainer.Options d = Pretrainer.Options.defaults();
        var c = d.corpus();
        var m = d.model();
        var s = d.schedule();
        return Map.ofEntries(Map.entry("--exclude-artifacts", String.join(",", c.excludeArtifacts())),
                Map.entry("--held-out-fraction", c.heldOutFraction()), Map.entry("--held-out-chunks", c.heldOutChunks()),
                Map.entry("--preset", m.preset()), Map.entry("--vocab-size", m.vocabSize()),
                Map.entry("--max-input-len", m.maxInputLen()), Map.entry("--max-output-len", m.maxOutputLen()),
                Map.entry("--epochs", s.epochs()), Map.entry("--batch-size", s.batchSize()), Map.entry("--grad-accum", s.gradAccum()),
                Map.entry("--lr", s.lr()), Map.entry("--warmup-steps", s.warmupSteps()), Map.entry("--max-steps", s.maxSteps()),
                Map.entry("--eval-every", s.evalEvery()), Map.entry("--stop-after", s.stopAfter()),
                Map.entry("--weight-decay", d.weightDecay()));
    }
}
