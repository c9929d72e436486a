package dev.retort.spark.generate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.kd.generate.BatchGeneration;
import dev.retort.spark.ExampleBlocks;
import dev.retort.spark.HadoopConf;
import dev.retort.spark.PartConcatenation;
import dev.retort.spark.PartStore;
import dev.retort.spark.ShippedModel;
import org.apache.spark.sql.SparkSession;

import java.util.List;
import java.util.stream.IntStream;

/**
 * {@code retort spark generate}: {@code retort kd generate --data IN --out OUT} with the examples cut into partitions of
 * consecutive records ({@link ExampleBlocks}). Each executor copies the model directory once per JVM
 * ({@link ShippedModel}), and each task answers its block with {@link BatchGeneration#write}; the driver concatenates
 * the blocks in order. An answer depends on its example alone, so the file has the single command's bytes for any
 * partition size.
 */
public final class SparkGenerate {
    /**
     * @param data             examples: JSONL or Parquet, any Hadoop path
     * @param model            a model directory or a train-teacher run directory (its {@code best/}), any Hadoop path
     * @param out              the JSONL file to write; its finished blocks are kept in {@code OUT.parts/}
     * @param beam             beam size, as {@code kd generate --beam} (1 is greedy)
     * @param rowsPerPartition examples per partition
     */
    public record Options(String data, String model, String out, int beam, int rowsPerPartition, boolean skipBadRecords) {
        public Options {
            BatchGeneration.checkBeam(beam);
            if (rowsPerPartition < 1) throw new BadInputException("--rows-per-partition must be at least 1, got " + rowsPerPartition);
        }
    }

    /** Examples answered, bad records skipped (with the first messages), blocks computed now and reused, task seconds summed. */
    public record Result(long examples, long skipped, List<String> firstSkipped, int computed, int reused, double taskSeconds) {
    }

    private SparkGenerate() {
    }

    public static Result run(SparkSession spark, Options o) {
        HadoopConf conf = HadoopConf.of(spark.sparkContext().hadoopConfiguration());
        ShippedModel model = ShippedModel.locate(conf, o.model());
        PartStore parts = PartStore.forFile(conf, o.out(), job(conf, o, model));
        ExampleBlocks.Outcome r = ExampleBlocks.run(spark, o.data(), o.skipBadRecords(), o.rowsPerPartition(),
                skipped -> BatchGeneration.noExamples(o.data(), skipped), parts, new GenerateBlock(model, o.beam()));
        List<String> names = IntStream.range(0, r.blocks()).mapToObj(GenerateBlock::name).toList();
        PartConcatenation.write(conf, parts, names, r.examples(), o.out(), null);
        return new Result(r.examples(), r.skipped(), r.firstSkipped(), r.computed(), r.reused(), r.taskSeconds());
    }

    /** What the parts depend on: input (path, size, time), model files, beam, partitions, the bad-record rule. */
    static ObjectNode job(HadoopConf conf, Options o, ShippedModel model) {
        return ExampleBlocks.describeInput(conf, "generate", o.data()).put("model", model.dir()).put("model_sha256", model.fingerprint())
                .put("beam", o.beam()).put("rows_per_partition", o.rowsPerPartition()).put("skip_bad_records", o.skipBadRecords());
    }
}
