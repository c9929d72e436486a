package dev.retort.spark.logits;

import dev.retort.core.RetortException;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.logits.CourseFormat;
import dev.retort.kd.logits.TeacherLogitsWriter;
import dev.retort.kd.logits.TopKFormat;
import dev.retort.kd.model.AssertionGenerator;
import dev.retort.kd.teacher.TeacherLogitsExport;
import dev.retort.spark.ExampleBlocks;
import dev.retort.spark.PartStore;
import dev.retort.spark.ShippedModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One partition of the teacher-logits job: its block of kept examples run through {@link TeacherLogitsExport} into a
 * whole teacher-logit file (header and records) with the single-machine writer, stored as the part
 * {@code logits-NNNNN.jsonl}. Blocks start at multiples of the batch size, so every forward pass and greedy decode holds
 * the examples it holds in {@code kd teacher-logits}, and the numbers are the same. The executor's tasks share one
 * teacher ({@link ShippedModel#shared}).
 */
record LogitBlock(ShippedModel teacher, String format, int bits, int topK, String datasetType, int batchSize) implements ExampleBlocks.Task {
    static String name(int block) {
        return String.format(Locale.ROOT, "logits-%05d.jsonl", block);
    }

    @Override
    public String part(int block) {
        return name(block);
    }

    @Override
    public void write(int block, List<AssertionExample> examples, PartStore parts) {
        AssertionGenerator model = teacher.shared();
        String modelType = "retort-" + model.model().config().preset();
        try {
            Path dir = Files.createTempDirectory("retort-spark-logits");
            Path local = dir.resolve(name(block));
            try (TeacherLogitsWriter writer = writer(local, modelType)) {
                TeacherLogitsExport.export(model.model(), model.encoder(), examples, writer, batchSize, true, 1);
                writer.commit();
            }
            parts.commit(name(block), out -> Files.copy(local, out));
            Files.deleteIfExists(local);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new RetortException("cannot write the teacher logits of block " + block + ": " + e.getMessage(), e);
        }
    }

    /** The writer {@code kd teacher-logits} opens for these settings. */
    private TeacherLogitsWriter writer(Path file, String modelType) {
        return format.equals("course") ? CourseFormat.writer(file, bits, datasetType, modelType)
                : TopKFormat.writer(file, topK, datasetType, modelType);
    }
}
