package dev.retort.spark.score;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.RetortException;
import dev.retort.core.io.CsvWriter;
import dev.retort.core.io.Hashing;
import dev.retort.core.io.Json;
import dev.retort.score.LogisticModel;
import dev.retort.score.ScoreMetrics;
import dev.retort.spark.BlockPartitioner;
import dev.retort.spark.HadoopConf;
import dev.retort.spark.LocalStaging;
import dev.retort.spark.PartStore;
import dev.retort.spark.SparkRuntime;
import dev.retort.spark.TableInput;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * {@code retort spark score-apply}: {@code retort score apply} over a feature table (CSV, JSONL or Parquet) cut into
 * partitions of consecutive rows. Executors parse the rows with the single command's rules ({@link FeatureRows}) and
 * score them with {@link LogisticModel#predict(double[][])} ({@link ScoreBlock}); the driver streams the parts, in
 * order, into {@code OUT/scores.csv} (the bytes of {@code score apply}'s, or {@code OUT/scores.parquet}) and, for a
 * labelled table, computes {@code metrics.json} from the scores and labels.
 */
public final class SparkScoreApply {
    /**
     * @param model    {@code model.json} of {@code retort score fit}; any Hadoop path
     * @param features the feature table: .csv (one row per line), .jsonl (.gz) or .parquet; any Hadoop path
     * @param parquet  write {@code scores.parquet} (id, score) instead of {@code scores.csv}
     */
    public record Options(String model, String features, String out, int rowsPerPartition, boolean skipBadRecords, boolean parquet) {
        public Options {
            if (rowsPerPartition < 1) throw new BadInputException("--rows-per-partition must be at least 1, got " + rowsPerPartition);
        }
    }

    /** Rows scored, bad rows skipped (with the first messages), whether labelled (then the metrics), partitions computed and reused. */
    public record Result(long rows, long skipped, List<String> firstSkipped, ScoreMetrics metrics, int computed, int reused) {
    }

    private SparkScoreApply() {
    }

    public static Result run(SparkSession spark, Options o) {
        HadoopConf conf = HadoopConf.of(spark.sparkContext().hadoopConfiguration());
        String modelJson = readText(conf, o.model());
        LogisticModel model = model(modelJson, o.model());
        PartStore parts = PartStore.open(conf, o.out(), job(conf, o, modelJson));
        JavaRDD<FeatureRows.Row> rows = parse(spark, o.features(), model).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<FeatureRows.Row> errors = rows.filter(r -> !r.ok()).takeOrdered(10, new ErrorOrder());
            List<FeatureRows.Row> fatal = rows.filter(FeatureRows.Row::fatal).takeOrdered(1, new ErrorOrder());
            if (!fatal.isEmpty()) throw new BadInputException(fatal.getFirst().error());
            boolean csv = FeatureRows.isCsv(o.features());
            if (!errors.isEmpty() && !o.skipBadRecords() && (csv || errors.getFirst().phase() == FeatureRows.FILE))
                throw new BadInputException(errors.getFirst().error());
            if (!csv && rows.filter(r -> r.ok() || r.phase() == FeatureRows.FIELDS).isEmpty()) throw new BadInputException(o.features() + ": no records");
            if (!errors.isEmpty() && !o.skipBadRecords()) throw new BadInputException(errors.getFirst().error());
            long skipped = errors.isEmpty() ? 0 : rows.filter(r -> !r.ok()).count();
            JavaRDD<FeatureRows.Row> kept = rows.filter(FeatureRows.Row::ok);
            long n = kept.count();
            if (n == 0) throw new BadInputException(o.features() + ": no usable rows (the file has none, or every row was bad and skipped)");
            boolean labelled = !kept.filter(r -> !Double.isNaN(r.label())).isEmpty();
            int blocks = BlockPartitioner.blocks(n, o.rowsPerPartition());
            List<ScoreBlock.Done> done = kept.zipWithIndex().mapToPair(t -> new Tuple2<>(t._2(), t._1()))
                    .partitionBy(new BlockPartitioner(o.rowsPerPartition(), blocks))
                    .mapPartitionsWithIndex((block, it) -> ScoreBlock.scoreUnlessDone(parts, block, it, modelJson), true)
                    .collect();
            ScoreMetrics metrics = o.parquet() ? writeParquet(spark, conf, parts, blocks, n, o, labelled) : writeCsv(conf, parts, blocks, n, o, labelled);
            if (metrics != null) {
                try (LocalStaging staging = new LocalStaging("retort-spark-score")) {
                    Json.write(staging.resolve("metrics.json"), metrics);
                    staging.publish(conf, "metrics.json", o.out());
                }
            }
            int reused = (int) done.stream().filter(ScoreBlock.Done::reused).count();
            return new Result(n, skipped, errors.stream().map(FeatureRows.Row::error).toList(), metrics, blocks - reused, reused);
        } finally {
            rows.unpersist(false);
        }
    }

    /** Errors in the order the single command meets them: whole-file errors first, then by line. */
    static final class ErrorOrder implements Comparator<FeatureRows.Row>, java.io.Serializable {
        @Override
        public int compare(FeatureRows.Row a, FeatureRows.Row b) {
            return a.phase() != b.phase() ? Integer.compare(a.phase(), b.phase()) : Long.compare(a.line(), b.line());
        }
    }

    private static JavaRDD<FeatureRows.Row> parse(SparkSession spark, String file, LogisticModel model) {
        List<String> features = List.copyOf(model.features());
        String labelField = model.labelField();
        if (FeatureRows.isCsv(file)) {
            JavaRDD<TableInput.Line> lines = TableInput.lines(spark, file);
            List<TableInput.Line> first = lines.take(1);
            if (first.isEmpty()) throw new BadInputException(file + ": empty CSV file (a header row is required)");
            List<String> header = FeatureRows.header(file, first.getFirst().bytes());
            for (String c : features) if (!header.contains(c)) throw new BadInputException(file + ": no column '" + c + "'; columns are " + header);
            return lines.filter(l -> l.number() > 1 && !FeatureRows.blankCsv(file, l)).zipWithIndex()
                    .map(t -> FeatureRows.csv(file, header, features, labelField, t._1(), t._2()));
        }
        JavaRDD<TableInput.Line> lines = TableInput.read(spark, file);
        boolean labelled = labelField != null && !lines.filter(l -> FeatureRows.hasLabel(file, labelField, l)).isEmpty();
        return lines.map(l -> FeatureRows.json(file, features, labelField, labelled, l)).filter(r -> r != null);
    }

    /** {@code model.json} as {@code LogisticModel.load} reads it; errors name {@code origin}. */
    static LogisticModel model(String json, String origin) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new BadInputException(origin + ": malformed JSON: " + e.getMessage(), e);
        }
        if (!LogisticModel.FORMAT.equals(root.path("format").asText()))
            throw new BadInputException(origin + ": not a retort score model (format should be " + LogisticModel.FORMAT + "); make one with retort score fit");
        try {
            return Json.MAPPER.treeToValue(root.get("model"), LogisticModel.class);
        } catch (Exception e) {
            throw new BadInputException(origin + ": malformed model: " + e.getMessage(), e);
        }
    }

    private static String readText(HadoopConf conf, String file) {
        Path p = new Path(file);
        try (InputStream in = conf.fs(p).open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.FileNotFoundException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** What the parts depend on: the table (path, size, time), the model's bytes, the partition size and bad-record handling. */
    static ObjectNode job(HadoopConf conf, Options o, String modelJson) {
        Path in = new Path(o.features());
        FileStatus status;
        try {
            FileSystem fs = conf.fs(in);
            status = fs.getFileStatus(in);
            if (status.isDirectory()) status = new FileStatus(fs.getContentSummary(in).getLength(), true, 0, 0, status.getModificationTime(), in);
        } catch (IOException e) {
            throw new BadInputException(o.features() + ": no such file");
        }
        String modelSha;
        try {
            modelSha = Hashing.sha256(new ByteArrayInputStream(modelJson.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Json.object().put("job", "score-apply").put("features", o.features()).put("features_bytes", status.getLen())
                .put("features_modified", status.getModificationTime()).put("model", o.model()).put("model_sha256", modelSha)
                .put("rows_per_partition", o.rowsPerPartition()).put("skip_bad_records", o.skipBadRecords());
    }

    /** One part's rows, in order. */
    private interface RowSink {
        void accept(String id, double score, double label) throws IOException;
    }

    /** OUT/scores.csv as {@code CsvWriter} writes {@code score apply}'s (streamed to a temp file, renamed); the metrics when labelled. */
    private static ScoreMetrics writeCsv(HadoopConf conf, PartStore parts, int blocks, long n, Options o, boolean labelled) {
        Path target = new Path(o.out(), "scores.csv");
        FileSystem fs = conf.fs(target);
        Path tmp = new Path(o.out(), ".scores.csv." + UUID.randomUUID() + ".tmp");
        Scores scores = new Scores(labelled, n);
        try {
            try (OutputStream os = fs.create(tmp, true);
                 var w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16)) {
                w.write("id,score\n");
                readParts(parts, 0, blocks, (id, score, label) -> {
                    w.write(quote(CsvWriter.format(id)));
                    w.write(',');
                    w.write(quote(CsvWriter.format(score)));
                    w.write('\n');
                    scores.add(score, label);
                });
            }
            scores.check(parts, n);
            if (fs.exists(target)) fs.delete(target, false);
            if (!fs.rename(tmp, target)) throw new IOException("rename " + tmp + " to " + target + " failed");
        } catch (IOException e) {
            throw new RetortException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                fs.delete(tmp, false);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
        return scores.metrics();
    }

    /** OUT/scores.parquet (id string, score double) in row order, written by Spark from the parts; the metrics when labelled. */
    private static ScoreMetrics writeParquet(SparkSession spark, HadoopConf conf, PartStore parts, int blocks, long n, Options o, boolean labelled) {
        Scores scores = new Scores(labelled, n);
        try {
            readParts(parts, 0, blocks, (id, score, label) -> scores.add(score, label));
        } catch (IOException e) {
            throw new RetortException(parts.path("") + ": cannot read: " + e.getMessage(), e);
        }
        scores.check(parts, n);
        JavaRDD<Row> rows = SparkRuntime.java(spark).parallelize(IntStream.range(0, blocks).boxed().toList(), blocks).flatMap(b -> {
            List<Row> out = new ArrayList<>();
            readParts(parts, b, b + 1, (id, score, label) -> out.add(RowFactory.create(id, score)));
            return out.iterator();
        });
        StructType schema = new StructType().add("id", DataTypes.StringType, false).add("score", DataTypes.DoubleType, false);
        Dataset<Row> table = spark.createDataFrame(rows, schema);
        table.write().mode("overwrite").parquet(new Path(o.out(), "scores.parquet").toString());
        return scores.metrics();
    }

    /** The rows of parts {@code [start, end)}, in order. */
    private static void readParts(PartStore parts, int start, int end, RowSink sink) throws IOException {
        for (int b = start; b < end; b++) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(parts.open(ScoreBlock.name(b)), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    JsonNode o = Json.MAPPER.readTree(line);
                    sink.accept(o.get("id").asText(), o.get("score").doubleValue(), o.has("label") ? o.get("label").doubleValue() : Double.NaN);
                }
            }
        }
    }

    /** The scores and labels read back, for the count check and {@link ScoreMetrics} (labelled tables only). */
    private static final class Scores {
        final boolean labelled;
        final double[] p, y;
        int count;

        Scores(boolean labelled, long n) {
            this.labelled = labelled;
            if (labelled && n > Integer.MAX_VALUE - 8) throw new BadInputException("metrics need the " + n + " scores in the driver's memory; more than an array holds");
            p = labelled ? new double[(int) n] : null;
            y = labelled ? new double[(int) n] : null;
        }

        void add(double score, double label) {
            if (labelled && count < p.length) {
                p[count] = score;
                y[count] = label;
            }
            count++;
        }

        void check(PartStore parts, long n) {
            if (count != n) throw new RetortException(parts.path("") + ": the parts hold " + count + " rows, the table " + n);
        }

        ScoreMetrics metrics() {
            return labelled ? ScoreMetrics.of(p, y) : null;
        }
    }

    /** As {@code CsvWriter}: a cell with a comma, quote or line break is quoted. */
    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
