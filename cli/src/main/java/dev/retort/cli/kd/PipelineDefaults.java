package dev.retort.cli.kd;

import dev.retort.cli.RecordDefaults;
import dev.retort.kd.pipeline.PipelineOptions;

import java.util.Map;

/** kd pipeline's option defaults, read from {@link PipelineOptions#defaults()}. */
public final class PipelineDefaults extends RecordDefaults {
    @Override
    protected Map<String, Object> values() {
        PipelineOptions d = PipelineOptions.defaults();
        var m = d.models();
        var s = d.student();
        return Map.ofEntries(Map.entry("--teacher-preset", m.teacherPreset()), Map.entry("--student-size", m.studentSize()),
                Map.entry("--vocab-size", m.vocabSize()), Map.entry("--max-input-len", m.maxInputLen()),
                Map.entry("--max-output-len", m.maxOutputLen()), Map.entry("--dropout", m.dropout()),
                Map.entry("--copy-follow", m.copyFollow()), Map.entry("--abstract-identifiers", m.abstractIdentifiers()),
                Map.entry("--focal-signatures", m.focalSignatures()), Map.entry("--analogical-hints", m.analogicalHints()), Map.entry("--batch-size", d.training().batchSize()),
                Map.entry("--workers", d.training().workers()), Map.entry("--teacher-epochs", d.teacher().epochs()),
                Map.entry("--teacher-lr", d.teacher().lr()), Map.entry("--distill-epochs", s.epochs()), Map.entry("--distill-lr", s.lr()),
                Map.entry("--distill-examples", s.examples()), Map.entry("--alpha", s.alpha()), Map.entry("--temperature", s.temperature()),
                Map.entry("--loss-function", s.lossFunction()), Map.entry("--top-k", s.topK()),
                Map.entry("--test-limit", d.evaluation().testLimit()), Map.entry("--latency-examples", d.evaluation().latencyExamples()),
                Map.entry("--decode", d.evaluation().decoding().cliName()));
    }
}
