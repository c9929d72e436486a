package dev.retort.cli.kd;

import dev.retort.kd.teacher.TeacherTrainer;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Locale;

/**
 * train-teacher's option defaults, read from {@link TeacherTrainer.Options#defaults()} so that the command, its help and
 * the Java API cannot disagree.
 */
public final class TeacherDefaults implements IDefaultValueProvider {
    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) return null;
        TeacherTrainer.Options d = TeacherTrainer.Options.defaults();
        var m = d.model();
        var s = d.schedule();
        Object value = switch (option.longestName()) {
            case "--preset" -> m.preset();
            case "--vocab-size" -> m.vocabSize();
            case "--max-input-len" -> m.maxInputLen();
            case "--max-output-len" -> m.maxOutputLen();
            case "--dropout" -> m.dropout();
            case "--retrieval" -> m.retrieval();
            case "--epochs" -> s.epochs();
            case "--batch-size" -> s.batchSize();
            case "--grad-accum" -> s.gradAccum();
            case "--lr" -> s.lr();
            case "--warmup-steps" -> s.warmupSteps();
            case "--max-steps" -> s.maxSteps();
            case "--eval-every" -> s.evalEvery();
            case "--stop-after" -> s.stopAfter();
            case "--weight-decay" -> d.weightDecay();
            case "--eval-examples" -> d.evalExamples();
            case "--keep" -> d.keep().name().toLowerCase(Locale.ROOT);
            case "--workers" -> d.workers();
            default -> null;
        };
        return value == null ? null : String.valueOf(value);
    }
}
