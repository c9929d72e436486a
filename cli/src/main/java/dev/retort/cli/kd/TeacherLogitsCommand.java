package dev.retort.cli.kd;

import dev.retort.cli.EngineOptions;
import dev.retort.cli.InputOptions;
import dev.retort.core.BadInputException;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.logits.CourseFormat;
import dev.retort.kd.logits.TeacherLogitsWriter;
import dev.retort.kd.logits.TopKFormat;
import dev.retort.kd.teacher.TeacherLogitsExport;
import dev.retort.kd.model.AssertionGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(mixinStandardHelpOptions = true, name = "teacher-logits",
        description = {"Run a trained teacher over a data set and write, per example, its teacher-forced logits on the "
                        + "gold assertions and its greedy prediction (predicted_assertions): the input of `retort kd distill`.",
                "--format course writes the original pipeline's LZ4/hex quantized format; topk (default) keeps the "
                        + "K largest logits per position plus the log of the remaining mass."},
        footer = {"", "Example:",
                "  retort kd teacher-logits --teacher results/teacher/best --data data/kd/train.jsonl \\",
                "      --out distillation_data_training.jsonl --format course --bits 4"})
public final class TeacherLogitsCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;
    @Mixin
    EngineOptions engine;
    @Mixin
    InputOptions input;

    @Option(names = "--teacher", required = true, paramLabel = "DIR", description = "Teacher model directory (train-teacher's best/, or its run directory).")
    Path teacher;
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Examples (JSONL) to score.")
    Path data;
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Teacher-logit file to write (JSONL).")
    Path out;
    @Mixin
    LogitFileOptions file;
    @Option(names = "--workers", defaultValue = "1", paramLabel = "N",
            description = "Batches run at once on N threads sharing the model, one core each (keep --threads 1); the file is the "
                    + "same, records in input order (default: ${DEFAULT-VALUE}).")
    int workers;

    @Override
    public Integer call() {
        engine.start();
        var bad = input.badRecords();
        List<AssertionExample> examples = AssertionDataset.read(data, bad);
        if (examples.isEmpty()) {   // before --out is created: an empty logit file would only fail later, in distill
            throw new BadInputException(data + ": no examples to score" + (bad.skipped() > 0 ? " (" + bad.skipped()
                    + " bad records skipped)" : " (the file is empty)"));
        }
        var loaded = AssertionGenerator.load(teacher);
        String modelType = "retort-" + loaded.model().config().preset();
        TeacherLogitsWriter writer = switch (file.format.toLowerCase(Locale.ROOT)) {
            case "course" -> {
                if (!CourseFormat.BITS.contains(file.bits)) throw new BadInputException("--bits must be 4, 8, 16 or 32, got " + file.bits);
                yield CourseFormat.writer(out, file.bits, file.datasetType, modelType);
            }
            case "topk" -> {
                if (file.topK < 1) throw new BadInputException("--top-k must be at least 1, got " + file.topK);
                yield TopKFormat.writer(out, file.topK, file.datasetType, modelType);
            }
            default -> throw new BadInputException("unknown --format '" + file.format + "': use course or topk");
        };
        try (writer) {
            TeacherLogitsExport.export(loaded.model(), loaded.encoder(), examples, writer, file.batchSize, true, workers);
            writer.commit();
        }
        spec.commandLine().getOut().printf("wrote %d examples to %s (%s)%n", examples.size(), out, file.format);
        return 0;
    }
}
