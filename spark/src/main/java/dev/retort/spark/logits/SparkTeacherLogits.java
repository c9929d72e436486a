package dev.retort.spark.logits;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.io.Json;
import dev.retort.kd.logits.CourseFormat;
import dev.retort.spark.ExampleBlocks;
import dev.retort.spark.HadoopConf;
import dev.retort.spark.PartConcatenation;
import dev.retort.spark.PartStore;
import dev.retort.spark.ShippedModel;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * {@code retort spark teacher-logits}: {@code retort kd teacher-logits} with the examples cut into partitions of
 * consecutive records. Executors parse the examples with the single-machine code ({@link ExampleBlocks}), copy the model
 * directory from its Hadoop path once per JVM ({@link ShippedModel}) and write each block as a whole teacher-logit file with the single-machine
 * writer ({@link LogitBlock}); the driver concatenates the blocks' records in order under one header, giving the bytes
 * {@code kd teacher-logits} writes on the same input (course: the header's {@code item_count} is the total).
 */
public final class SparkTeacherLogits {
    /**
     * @param data             examples: JSONL or Parquet, any Hadoop path
     * @param teacher          a model directory or a train-teacher run directory (its {@code best/}), any Hadoop path
     * @param out              the teacher-logit file; its finished blocks are kept in {@code OUT.parts/}
     * @param rowsPerPartition examples per partition, a multiple of {@code batchSize}
     */
    public record Options(String data, String teacher, String out, String format, int bits, int topK, String datasetType,
                          int batchSize, int rowsPerPartition, boolean skipBadRecords) {
        public Options {
            format = format.toLowerCase(Locale.ROOT);
            switch (format) {
                case "course" -> {
                    if (!CourseFormat.BITS.contains(bits)) throw new BadInputException("--bits must be 4, 8, 16 or 32, got " + bits);
                }
                case "topk" -> {
                    if (topK < 1) throw new BadInputException("--top-k must be at least 1, got " + topK);
                }
                default -> throw new BadInputException("unknown --format '" + format + "': use course or topk");
            }
            if (batchSize < 1) throw new BadInputException("--batch-size must be at least 1, got " + batchSize);
            if (rowsPerPartition < batchSize || rowsPerPartition % batchSize != 0)
                throw new BadInputException("--rows-per-partition must be a positive multiple of --batch-size " + batchSize + ", got " + rowsPerPartition);
        }
    }

    /** Examples written, bad records skipped (with the first messages), blocks computed now and reused, task seconds summed. */
    public record Result(long examples, long skipped, List<String> firstSkipped, int computed, int reused, double taskSeconds) {
    }

    private SparkTeacherLogits() {
    }

    public static Result run(SparkSession spark, Options o) {
        HadoopConf conf = HadoopConf.of(spark.sparkContext().hadoopConfiguration());
        ShippedModel teacher = ShippedModel.locate(conf, o.teacher());
        PartStore parts = PartStore.forFile(conf, o.out(), job(conf, o, teacher));
        var task = new LogitBlock(teacher, o.format(), o.bits(), o.topK(), o.datasetType(), o.batchSize());
        ExampleBlocks.Outcome r = ExampleBlocks.run(spark, o.data(), o.skipBadRecords(), o.rowsPerPartition(),
                skipped -> o.data() + ": no examples to score" + (skipped > 0 ? " (" + skipped + " bad records skipped)" : " (the file is empty)"),
                parts, task);
        List<String> names = IntStream.range(0, r.blocks()).mapToObj(LogitBlock::name).toList();
        PartConcatenation.write(conf, parts, names, r.examples(), o.out(),
                header -> o.format().equals("course") ? courseHeader(header, r.examples()) : header);
        return new Result(r.examples(), r.skipped(), r.firstSkipped(), r.computed(), r.reused(), r.taskSeconds());
    }

    /** What the parts depend on: input (path, size, time), model files, format and its parameters, batches and partitions. */
    static ObjectNode job(HadoopConf conf, Options o, ShippedModel teacher) {
        ObjectNode job = ExampleBlocks.describeInput(conf, "teacher-logits", o.data()).put("teacher", teacher.dir())
                .put("teacher_sha256", teacher.fingerprint()).put("format", o.format());
        if (o.format().equals("course")) job.put("bits", o.bits());
        else job.put("top_k", o.topK());
        return job.put("dataset_type", o.datasetType()).put("batch_size", o.batchSize()).put("rows_per_partition", o.rowsPerPartition())
                .put("skip_bad_records", o.skipBadRecords());
    }

    /** A block's course header with the whole file's count, written as {@code CourseFormat} writes it. */
    private static byte[] courseHeader(byte[] blockHeader, long n) throws IOException {
        ObjectNode h = (ObjectNode) Json.MAPPER.readTree(blockHeader);
        ObjectNode header = (ObjectNode) h.get("header");
        header.put("item_count", n);
        ((ObjectNode) header.get("compression").get("format_counts")).put("lz4", n);
        return (Json.toJson(h) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
