package dev.retort.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.io.Json;
import dev.retort.core.io.JsonRecord;
import dev.retort.core.io.JsonlReader;
import dev.retort.core.report.Progress;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The kd jobs over an assertion data set ({@code teacher-logits}, {@code generate}): the examples of a JSONL or Parquet
 * input, checked by {@link AssertionDataset#parse} with {@link AssertionDataset#read}'s header rule (a first JSON record
 * with {@code header} is skipped) and bad-record rule, cut into blocks of {@code rows} consecutive kept examples. Each
 * block is one partition; a {@link Task} turns it into one part file of a {@link PartStore}, unless a finished run
 * already left that part there.
 */
public final class ExampleBlocks {
    private ExampleBlocks() {
    }

    /** What a job does with one block of examples, in input order: writes the part {@link #part}. Runs on the executors. */
    public interface Task extends Serializable {
        String part(int block);

        void write(int block, List<AssertionExample> examples, PartStore parts);
    }

    /** A finished block: examples written and the seconds it took, or reused from an earlier run (examples −1). */
    public record Done(int block, long examples, double seconds, boolean reused) implements Serializable {
    }

    /** Kept examples, bad records skipped (with the first messages), the blocks and what became of each. */
    public record Outcome(long examples, long skipped, List<String> firstSkipped, int blocks, List<Done> done) {
        public int reused() {
            return (int) done.stream().filter(Done::reused).count();
        }

        public int computed() {
            return blocks - reused();
        }

        public double taskSeconds() {
            return done.stream().mapToDouble(Done::seconds).sum();
        }
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

    /**
     * Runs {@code task} over the blocks of {@code input} not yet in {@code parts}. A bad record stops the job with its
     * message unless {@code skipBadRecords}; an input without examples stops it with {@code noExamples(skipped)}.
     */
    public static Outcome run(SparkSession spark, String input, boolean skipBadRecords, int rows, LongFunction<String> noExamples,
                              PartStore parts, Task task) {
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
            if (skipped > 0 && !skipBadRecords) throw new BadInputException(firstSkipped.getFirst());
            JavaRDD<TableInput.Line> kept = records.filter(p -> p.error() == null).map(Parsed::line);
            long n = kept.count();
            if (n == 0) throw new BadInputException(noExamples.apply(skipped));
            int blocks = BlockPartitioner.blocks(n, rows);
            List<Done> done = kept.zipWithIndex().mapToPair(t -> new Tuple2<>(t._2(), t._1()))
                    .partitionBy(new BlockPartitioner(rows, blocks))
                    .mapPartitionsWithIndex((block, it) -> runUnlessDone(parts, block, it, input, task), true)
                    .collect();
            return new Outcome(n, skipped, firstSkipped, blocks, done);
        } finally {
            parsed.unpersist(false);
        }
    }

    private static Iterator<Done> runUnlessDone(PartStore parts, int block, Iterator<Tuple2<Long, TableInput.Line>> records, String input, Task task) {
        if (parts.has(task.part(block))) return List.of(new Done(block, -1, 0, true)).iterator();
        long start = System.nanoTime();
        List<Tuple2<Long, TableInput.Line>> sorted = new ArrayList<>();
        records.forEachRemaining(sorted::add);
        sorted.sort(Comparator.comparing(Tuple2::_1));
        List<AssertionExample> examples = new ArrayList<>(sorted.size());
        for (Tuple2<Long, TableInput.Line> t : sorted) {
            byte[] b = t._2().bytes();
            examples.add(AssertionDataset.parse(JsonlReader.parseLine(java.nio.file.Path.of(input), t._2().number(), b, b.length)));
        }
        Progress.setMode(Progress.Mode.QUIET);   // Spark's stage progress stands for it
        task.write(block, examples, parts);
        return List.of(new Done(block, examples.size(), (System.nanoTime() - start) / 1e9, false)).iterator();
    }

    /** The start of a job description: the job's name and its input (path, size in bytes, modification time). */
    public static ObjectNode describeInput(HadoopConf conf, String job, String input) {
        Path in = new Path(input);
        FileStatus status;
        try {
            FileSystem fs = conf.fs(in);
            status = fs.getFileStatus(in);
            if (status.isDirectory()) status = new FileStatus(fs.getContentSummary(in).getLength(), true, 0, 0, status.getModificationTime(), in);
        } catch (IOException e) {
            throw new BadInputException(input + ": no such file");
        }
        return Json.object().put("job", job).put("input", input).put("input_bytes", status.getLen()).put("input_modified", status.getModificationTime());
    }
}
