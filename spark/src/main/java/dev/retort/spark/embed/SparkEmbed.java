package dev.retort.spark.embed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.RetortException;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Hashing;
import dev.retort.core.io.Json;
import dev.retort.core.io.NdArray;
import dev.retort.core.io.Npy;
import dev.retort.text.embed.Embedding;
import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.TextInput;
import dev.retort.text.embed.TextRole;
import dev.retort.text.index.CorpusIndex;
import dev.retort.text.index.VectorIndex;
import dev.retort.spark.HadoopConf;
import dev.retort.spark.LocalStaging;
import dev.retort.spark.PartStore;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code retort spark embed}: one text field of a JSONL file embedded on executors into {@code OUT/vectors.npy}, the
 * float32 matrix {@code retort embed} writes (one row per kept record, in file order, bit-identical), and with
 * {@code index} also {@code OUT/index/}, the index {@code retort index build} saves. Records are parsed on executors,
 * numbered in file order, and cut into blocks of whole {@link Embedding#CHUNK}s ({@link EmbedBlock}); the driver joins
 * the blocks and builds the index with the single-machine code ({@link CorpusIndex#of}).
 */
public final class SparkEmbed {
    /**
     * @param input            JSONL, any Hadoop path
     * @param rowsPerPartition records per partition, a multiple of {@link Embedding#CHUNK}
     * @param indexKind        null for no index
     */
    public record Options(String input, String field, TextRole role, EmbeddingModel model, int threads, int rowsPerPartition,
                          boolean skipBadRecords, VectorIndex.Kind indexKind, String out) {
        public Options {
            if (rowsPerPartition < Embedding.CHUNK || rowsPerPartition % Embedding.CHUNK != 0)
                throw new BadInputException("--rows-per-partition must be a positive multiple of " + Embedding.CHUNK + ", got " + rowsPerPartition);
            if (indexKind != null && role != TextRole.PASSAGE)
                throw new BadInputException("--index embeds passages, as 'retort index build' does; leave out --as query");
        }
    }

    /** Records embedded, skipped as bad (with the first messages), partitions computed now and reused, embedding seconds summed over tasks. */
    public record Result(long records, int dimension, long skipped, List<String> firstSkipped, int computed, int reused, double taskSeconds) {
    }

    private SparkEmbed() {
    }

    public static Result run(SparkSession spark, Options o) {
        HadoopConf conf = HadoopConf.of(spark.sparkContext().hadoopConfiguration());
        PartStore parts = PartStore.open(conf, o.out(), job(conf, o));
        JavaRDD<JsonlLines.Parsed> parsed = JsonlLines.read(spark, o.input(), o.field()).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long skipped = parsed.filter(p -> !p.ok()).count();
            List<String> firstSkipped = skipped == 0 ? List.of() : parsed.filter(p -> !p.ok())
                    .mapToPair(p -> new Tuple2<>(p.line(), p.error())).sortByKey().values().take(10);
            if (skipped > 0 && !o.skipBadRecords()) throw new BadInputException(firstSkipped.getFirst());
            long n = parsed.filter(JsonlLines.Parsed::ok).count();
            if (n == 0) throw TextInput.noUsableRecords(o.input(), o.field(), BadRecords.failFast());
            int blocks = (int) ((n + o.rowsPerPartition() - 1) / o.rowsPerPartition());
            EmbedBlock.Settings settings = new EmbedBlock.Settings(o.model(), o.role(), o.threads());
            List<EmbedBlock.Done> done = parsed.filter(JsonlLines.Parsed::ok).map(JsonlLines.Parsed::text).zipWithIndex()
                    .mapToPair(t -> new Tuple2<>(t._2(), t._1()))
                    .partitionBy(new dev.retort.spark.BlockPartitioner(o.rowsPerPartition(), blocks))
                    .mapPartitionsWithIndex((block, records) -> EmbedBlock.embedUnlessDone(parts, block, records, settings), true)
                    .collect();
            float[][] vectors = join(parts, blocks, n);
            try (LocalStaging staging = new LocalStaging("retort-spark-embed")) {
                write(staging, vectors);
                if (o.indexKind() != null) index(conf, staging, vectors, parsed, o, skipped);
                staging.publish(conf, "vectors.npy", o.out());
                staging.publish(conf, "index", o.out());
            }
            int reused = (int) done.stream().filter(EmbedBlock.Done::reused).count();
            return new Result(n, vectors[0].length, skipped, firstSkipped, blocks - reused, reused,
                    done.stream().mapToDouble(EmbedBlock.Done::seconds).sum());
        } finally {
            parsed.unpersist(false);
        }
    }

    /** What the parts depend on: the input (path, size, time), field, role, model, threads and the partition size. */
    static ObjectNode job(HadoopConf conf, Options o) {
        Path in = new Path(o.input());
        FileStatus status;
        try {
            FileSystem fs = conf.fs(in);
            status = fs.getFileStatus(in);
            if (status.isDirectory()) status = new FileStatus(fs.getContentSummary(in).getLength(), true, 0, 0, status.getModificationTime(), in);
        } catch (IOException e) {
            throw new BadInputException(o.input() + ": no such file");
        }
        return Json.object().put("job", "embed").put("input", o.input()).put("input_bytes", status.getLen())
                .put("input_modified", status.getModificationTime()).put("field", o.field()).put("role", o.role().name())
                .put("model", o.model().cliName()).put("threads", o.threads()).put("rows_per_partition", o.rowsPerPartition())
                .put("skip_bad_records", o.skipBadRecords());
    }

    /** The blocks' rows in order; each block must hold the rows its range says. */
    private static float[][] join(PartStore parts, int blocks, long n) {
        List<float[]> rows = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            NdArray a;
            try {
                a = EmbedBlock.read(parts, b);
            } catch (IOException e) {
                throw new RetortException(parts.path(EmbedBlock.name(b)) + ": cannot read: " + e.getMessage(), e);
            }
            int r = (int) a.shape()[0], d = (int) a.shape()[1];
            float[] flat = a.toFloats();
            for (int i = 0; i < r; i++) rows.add(java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d));
        }
        if (rows.size() != n) throw new RetortException(parts.path("") + ": the parts hold " + rows.size() + " rows, the input " + n + " records");
        return rows.toArray(float[][]::new);
    }

    private static void write(LocalStaging staging, float[][] vectors) {
        int d = vectors[0].length;
        float[] flat = new float[vectors.length * d];
        for (int i = 0; i < vectors.length; i++) System.arraycopy(vectors[i], 0, flat, i * d, d);
        Npy.write(staging.resolve("vectors.npy"), NdArray.ofFloats(flat, vectors.length, d));
    }

    /** The input's bytes: the file, or (a Parquet folder) its files in name order, one after the other. */
    private static InputStream open(HadoopConf conf, Path in) throws IOException {
        FileSystem fs = conf.fs(in);
        if (!fs.getFileStatus(in).isDirectory()) return fs.open(in);
        FileStatus[] files = fs.listStatus(in);
        java.util.Arrays.sort(files, java.util.Comparator.comparing(f -> f.getPath().getName()));
        java.util.Vector<InputStream> streams = new java.util.Vector<>();
        for (FileStatus f : files) if (f.isFile()) streams.add(fs.open(f.getPath()));
        return new java.io.SequenceInputStream(streams.elements());
    }

    /** The index {@code retort index build} would save, from the kept records (collected in file order) and their vectors. */
    private static void index(HadoopConf conf, LocalStaging staging, float[][] vectors, JavaRDD<JsonlLines.Parsed> parsed, Options o, long skipped) {
        List<TextInput> items = parsed.filter(JsonlLines.Parsed::ok).collect().stream().map(p -> p.input(o.input(), o.field())).toList();
        VectorIndex index = CorpusIndex.of(vectors, items, o.field(), o.model(), o.indexKind());
        Path in = new Path(o.input());
        try (InputStream bytes = open(conf, in)) {
            CorpusIndex.recordSource(index, o.input(), Hashing.sha256(bytes), false, skipped);
        } catch (IOException e) {
            throw new BadInputException(o.input() + ": cannot read: " + e.getMessage(), e);
        }
        index.save(staging.resolve("index"));
    }
}
