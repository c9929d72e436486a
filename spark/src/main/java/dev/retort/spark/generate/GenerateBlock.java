package dev.retort.spark.generate;

import dev.retort.core.RetortException;
import dev.retort.core.io.JsonlWriter;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.generate.BatchGeneration;
import dev.retort.spark.ExampleBlocks;
import dev.retort.spark.PartStore;
import dev.retort.spark.ShippedModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One partition of the generate job: its block of kept examples answered by {@link BatchGeneration#write}, the
 * single-machine code, into the part {@code generated-NNNNN.jsonl} (records only). Each task holds a generator of its
 * own ({@link ShippedModel#withOwn}): answering is not for concurrent use.
 */
record GenerateBlock(ShippedModel model, int beam) implements ExampleBlocks.Task {
    static String name(int block) {
        return String.format(Locale.ROOT, "generated-%05d.jsonl", block);
    }

    @Override
    public String part(int block) {
        return name(block);
    }

    @Override
    public void write(int block, List<AssertionExample> examples, PartStore parts) {
        try {
            Path dir = Files.createTempDirectory("retort-spark-generate");
            Path local = dir.resolve(name(block));
            model.withOwn(generator -> {
                try (JsonlWriter writer = JsonlWriter.create(local)) {
                    BatchGeneration.write(generator, examples, beam, writer);
                    writer.commit();
                }
                return null;
            });
            parts.commit(name(block), out -> Files.copy(local, out));
            Files.deleteIfExists(local);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new RetortException("cannot write the answers of block " + block + ": " + e.getMessage(), e);
        }
    }
}
