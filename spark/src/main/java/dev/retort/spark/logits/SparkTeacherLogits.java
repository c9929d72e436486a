package dev.retort.spark.logits;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.RetortException;
import dev.retort.core.io.Hashing;
import dev.retort.core.io.Json;
import dev.retort.core.io.JsonRecord;
import dev.retort.core.io.JsonlReader;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.logits.CourseFormat;
import dev.retort.spark.BlockPartitioner;
import dev.retort.spark.HadoopConf;
import dev.retort.spark.PartStore;
import dev.retort.spark.TableInput;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * {@code retort spark teacher-logits}: {@code retort kd teacher-logits} with the examples cut into partitions of
 * consecutive records. Executors parse the examples with the single-machine code, copy the model directory from its
 * Hadoop path once per JVM ({@link Teachers}) and write each block as a whole teacher-logit file with the single-machine
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

    /** One non-blank input line: its bytes, and why it is not an example (null when it is one); {@code json} when it parsed as JSON. */
    record Parsed(TableInput.Line line, String error, boolean json, boolean header) implements Serializable {
        static Parsed of(String file, TableInput.Line l) {
            JsonRecord rec;
            try {
                rec = JsonlReader.parseLine(java.nio.file.Path.of(file), l.number(), l.bytes(), l.bytes().length);
            } catch (BadInputException e) {
                return new Parsed(l, e.getMessage(), false, false);
            }
            if (rec == null) return null;
            boolean header = rec.has("header");
            try {
                AssertionDataset.parse(rec);
                return new Parsed(l, null, true, header);
            } catch (BadInputException e) {
                return new Parsed(l, e.getMessage(), true, header);
            }
        }

        long number() {
            return line.number();
        }
    }

    private SparkTeacherLogits() {
    }

    public static Result run(SparkSession spark, Options o) {
        HadoopConf conf = HadoopConf.of(spark.sparkContext().hadoopConfiguration());
        String modelDir = modelDir(conf, o.teacher());
        String fingerprint = fingerprint(conf, modelDir);
        PartStore parts = PartStore.forFile(conf, o.out(), job(conf, o, modelDir, fingerprint));
        String input = o.data();
        JavaRDD<Parsed> parsed = TableInput.read(spark, input).map(l -> Parsed.of(input, l)).filter(p -> p != null)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            // as AssertionDataset.read: a header line is skipped when it is the first JSON record
            List<Parsed> first = parsed.filter(Parsed::json).take(1);
            long headerLine = !first.isEmpty() && first.getFirst().header() ? first.getFirst().number() : -1;
            JavaRDD<Parsed> records = parsed.filter(p -> p.number() != headerLine);
            long skipped = records.filter(p -> p.error() != null).count();
            List<String> firstSkipped = skipped == 0 ? List.of() : records.filter(p -> p.error() != null)
                    .mapToPair(p -> new Tuple2<>(p.number(), p.error())).sortByKey().values().take(10);
            if (skipped > 0 && !o.skipBadRecords()) throw new BadInputException(firstSkipped.getFirst());
            JavaRDD<TableInput.Line> kept = records.filter(p -> p.error() == null).map(Parsed::line);
            long n = kept.count();
            if (n == 0) throw new BadInputException(input + ": no examples to score" + (skipped > 0 ? " (" + skipped
                    + " bad records skipped)" : " (the file is empty)"));
            int blocks = BlockPartitioner.blocks(n, o.rowsPerPartition());
            var settings = new LogitBlock.Settings(input, conf, modelDir, fingerprint, o.format(), o.bits(), o.topK(), o.datasetType(), o.batchSize());
            List<LogitBlock.Done> done = kept.zipWithIndex().mapToPair(t -> new Tuple2<>(t._2(), t._1()))
                    .partitionBy(new BlockPartitioner(o.rowsPerPartition(), blocks))
                    .mapPartitionsWithIndex((block, it) -> LogitBlock.exportUnlessDone(parts, block, it, settings), true)
                    .collect();
            concatenate(conf, parts, blocks, n, o);
            int reused = (int) done.stream().filter(LogitBlock.Done::reused).count();
            return new Result(n, skipped, firstSkipped, blocks - reused, reused, done.stream().mapToDouble(LogitBlock.Done::seconds).sum());
        } finally {
            parsed.unpersist(false);
        }
    }

    /** As {@code AssertionGenerator.modelDir}: the folder itself, or a run directory's {@code best/}. */
    static String modelDir(HadoopConf conf, String teacher) {
        Path best = new Path(teacher, "best");
        try {
            FileSystem fs = conf.fs(best);
            if (fs.isFile(new Path(best, "config.json"))) return best.toString();
            if (!fs.isFile(new Path(teacher, "config.json"))) throw new BadInputException(teacher + ": not a model directory (no config.json, nor best/config.json)");
            return teacher;
        } catch (IOException e) {
            throw new BadInputException(teacher + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The sha256 of each file of the model directory, by name: the executors' cache key and part of the job description. */
    static String fingerprint(HadoopConf conf, String modelDir) {
        Path dir = new Path(modelDir);
        StringBuilder b = new StringBuilder();
        try {
            FileSystem fs = conf.fs(dir);
            FileStatus[] files = fs.listStatus(dir);
            Arrays.sort(files, (x, y) -> x.getPath().getName().compareTo(y.getPath().getName()));
            for (FileStatus f : files) {
                if (!f.isFile()) continue;
                try (InputStream in = fs.open(f.getPath())) {
                    b.append(f.getPath().getName()).append('=').append(Hashing.sha256(in)).append(';');
                }
            }
        } catch (IOException e) {
            throw new BadInputException(modelDir + ": cannot read: " + e.getMessage(), e);
        }
        try {
            return Hashing.sha256(new java.io.ByteArrayInputStream(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the parts depend on: input (path, size, time), model files, format and its parameters, batches and partitions. */
    static ObjectNode job(HadoopConf conf, Options o, String modelDir, String fingerprint) {
        Path in = new Path(o.data());
        FileStatus status;
        try {
            FileSystem fs = conf.fs(in);
            status = fs.getFileStatus(in);
            if (status.isDirectory()) status = new FileStatus(fs.getContentSummary(in).getLength(), true, 0, 0, status.getModificationTime(), in);
        } catch (IOException e) {
            throw new BadInputException(o.data() + ": no such file");
        }
        ObjectNode job = Json.object().put("job", "teacher-logits").put("input", o.data()).put("input_bytes", status.getLen())
                .put("input_modified", status.getModificationTime()).put("teacher", modelDir).put("teacher_sha256", fingerprint)
                .put("format", o.format());
        if (o.format().equals("course")) job.put("bits", o.bits());
        else job.put("top_k", o.topK());
        return job.put("dataset_type", o.datasetType()).put("batch_size", o.batchSize()).put("rows_per_partition", o.rowsPerPartition())
                .put("skip_bad_records", o.skipBadRecords());
    }

    /**
     * Block 0's header (course: with the total {@code item_count}), then every block's records in order, streamed into
     * a temp file beside {@code out} and renamed into place; the blocks must hold {@code n} records.
     */
    private static void concatenate(HadoopConf conf, PartStore parts, int blocks, long n, Options o) {
        Path target = new Path(o.out());
        FileSystem fs = conf.fs(target);
        Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            long records = 0;
            try (OutputStream out = fs.create(tmp, true)) {
                for (int b = 0; b < blocks; b++) {
                    try (InputStream in = new BufferedInputStream(parts.open(LogitBlock.name(b)), 1 << 16)) {
                        byte[] header = firstLine(in);
                        if (b == 0) out.write(o.format().equals("course") ? courseHeader(header, n) : header);
                        records += copyLines(in, out);
                    }
                }
            }
            if (records != n) throw new RetortException(parts.path("") + ": the parts hold " + records + " records, the input " + n + " examples");
            if (fs.exists(target)) fs.delete(target, false);
            if (!fs.rename(tmp, target)) throw new IOException("rename " + tmp + " to " + target + " failed");
        } catch (IOException e) {
            throw new RetortException("cannot write " + o.out() + ": " + e.getMessage(), e);
        } finally {
            try {
                fs.delete(tmp, false);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }

    private static byte[] firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != -1; ) {
            line.write(c);
            if (c == '\n') break;
        }
        return line.toByteArray();
    }

    /** The rest of a part, copied; the number of lines in it. */
    private static long copyLines(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[1 << 16];
        long lines = 0;
        for (int r; (r = in.read(buf)) != -1; ) {
            out.write(buf, 0, r);
            for (int i = 0; i < r; i++) if (buf[i] == '\n') lines++;
        }
        return lines;
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
