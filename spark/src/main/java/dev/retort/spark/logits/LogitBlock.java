package dev.retort.spark.logits;

import dev.retort.core.RetortException;
import dev.retort.core.io.JsonlReader;
import dev.retort.core.report.Progress;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.logits.CourseFormat;
import dev.retort.kd.logits.TeacherLogitsWriter;
import dev.retort.kd.logits.TopKFormat;
import dev.retort.kd.model.AssertionGenerator;
import dev.retort.kd.teacher.TeacherLogitsExport;
import dev.retort.spark.HadoopConf;
import dev.retort.spark.PartStore;
import dev.retort.spark.TableInput;
import scala.Tuple2;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * One partition of the teacher-logits job: the kept examples with ordinals {@code [block·rows, (block+1)·rows)}, run
 * through {@link TeacherLogitsExport} into a whole teacher-logit file (header and records) with the single-machine
 * writer, stored as the part {@code logits-NNNNN.jsonl}. Blocks start at multiples of the batch size, so every forward
 * pass and greedy decode holds the examples it holds in {@code kd teacher-logits}, and the numbers are the same.
 */
final class LogitBlock {
    private LogitBlock() {
    }

    /** What the executors need: the input's name (record ids default to file name and line), the model, the file format. */
    record Settings(String input, HadoopConf conf, String modelDir, String fingerprint, String format, int bits, int topK,
                    String datasetType, int batchSize) implements Serializable {
    }

    /** A finished block: examples written and the seconds it took, or reused from an earlier run (examples −1). */
    record Done(int block, int examples, double seconds, boolean reused) implements Serializable {
    }

    static String name(int block) {
        return String.format(Locale.ROOT, "logits-%05d.jsonl", block);
    }

    static Iterator<Done> exportUnlessDone(PartStore parts, int block, Iterator<Tuple2<Long, TableInput.Line>> records, Settings s) {
        if (parts.has(name(block))) return List.of(new Done(block, -1, 0, true)).iterator();
        long start = System.nanoTime();
        List<Tuple2<Long, TableInput.Line>> sorted = new ArrayList<>();
        records.forEachRemaining(sorted::add);
        sorted.sort(Comparator.comparing(Tuple2::_1));
        List<AssertionExample> examples = new ArrayList<>(sorted.size());
        for (Tuple2<Long, TableInput.Line> t : sorted) {
            byte[] b = t._2().bytes();
            examples.add(AssertionDataset.parse(JsonlReader.parseLine(Path.of(s.input()), t._2().number(), b, b.length)));
        }
        Progress.setMode(Progress.Mode.QUIET);   // Spark's stage progress stands for it
        AssertionGenerator teacher = Teachers.get(s.conf(), s.modelDir(), s.fingerprint());
        String modelType = "retort-" + teacher.model().config().preset();
        Path local = null;
        try {
            Path dir = Files.createTempDirectory("retort-spark-logits");
            local = dir.resolve(name(block));
            try (TeacherLogitsWriter writer = writer(local, s, modelType)) {
                TeacherLogitsExport.export(teacher.model(), teacher.encoder(), examples, writer, s.batchSize(), true, 1);
                writer.commit();
            }
            Path file = local;
            parts.commit(name(block), out -> Files.copy(file, out));
            Files.deleteIfExists(local);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new RetortException("cannot write the teacher logits of block " + block + ": " + e.getMessage(), e);
        }
        return List.of(new Done(block, examples.size(), (System.nanoTime() - start) / 1e9, false)).iterator();
    }

    /** The writer {@code kd teacher-logits} opens for these settings. */
    static TeacherLogitsWriter writer(Path file, Settings s, String modelType) {
        return s.format().equals("course") ? CourseFormat.writer(file, s.bits(), s.datasetType(), modelType)
                : TopKFormat.writer(file, s.topK(), s.datasetType(), modelType);
    }
}
