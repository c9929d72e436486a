package dev.retort.cli.kd;

import dev.retort.cli.RecordDefaults;
import dev.retort.kd.teacher.TeacherTrainer;

import java.util.Locale;
import java.util.Map;

/** train-teacher's option defaults, read from {@link TeacherTrainer.Options#defaults()}. */
public final class TeacherDefaults extends RecordDefaults {
    @Override
    protected Map<String, Object> values() {
        TeacherTrainer.Options d = TeacherTrainer.Options.defaults();
        var m = d.model();
        var in = d.input();
        var s = d.schedule();
        return Map.ofEntries(Map.entry("--preset", m.preset()), Map.entry("--vocab-size", m.vocabSize()),
                Map.entry("--max-input-len", in.maxInputLen()), Map.entry("--max-output-len", in.maxOutputLen()),
                Map.entry("--dropout", m.dropout()), Map.entry("--retrieval", in.retrieval()),
                Map.entry("--copy-follow", m.copyFollow()), Map.entry("--abstract-identifiers", in.identifiers()),
                Map.entry("--focal-signatures", in.focalSignatures()), Map.entry("--analogical-hints", in.analogicalHints()),
                Map.entry("--epochs", s.epochs()), Map.entry("--batch-size", s.batchSize()), Map.entry("--grad-accum", s.gradAccum()),
                Map.entry("--lr", s.lr()), Map.entry("--warmup-steps", s.warmupSteps()), Map.entry("--max-steps", s.maxSteps()),
                Map.entry("--eval-every", s.evalEvery()), Map.entry("--stop-after", s.stopAfter()),
                Map.entry("--weight-decay", d.weightDecay().rate()),
                Map.entry("--decay-matrices-only", d.weightDecay().matricesOnly()),
                Map.entry("--label-smoothing", d.labelSmoothing()), Map.entry("--eval-examples", d.evalExamples()), Map.entry("--final-examples", d.finalExamples()),
                Map.entry("--keep", d.keep().name().toLowerCase(Locale.ROOT)), Map.entry("--workers", d.workers()));
    }
}
