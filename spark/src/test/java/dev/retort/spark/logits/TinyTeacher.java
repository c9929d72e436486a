package dev.retort.spark.logits;

import dev.retort.core.io.BadRecords;
import dev.retort.core.run.RunDirectory;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.teacher.TeacherTrainer;
import dev.retort.kd.train.Seq2SeqTrainingLoop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tiny real kd teacher for the teacher-logits tests: arithmetic-style test methods, a retrieval model (so its
 * directory carries {@code memory.jsonl} too) trained for 40 steps (seconds) with {@code kd train-teacher}'s service.
 */
public final class TinyTeacher {
    static final String[] OPS = {"add", "sub", "max", "min"};

    private TinyTeacher() {
    }

    public static List<AssertionExample> examples(int n) {
        List<AssertionExample> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String op = OPS[i % 4];
            examples.add(new AssertionExample("ex" + i, "public int " + op + "(int a, int b) {\n    return a " + (i % 2 == 0 ? "+" : "-") + " b;\n}",
                    "@Test\npublic void test" + op + i + "() {\n    int r = calc." + op + "(" + i + ", 2);\n    " + AssertionExample.PLACEHOLDER + "\n}",
                    List.of("assertEquals(" + i + ", r);"), null, null, null, null));
        }
        return examples;
    }

    /** Trains on {@code train}, validates on {@code valid}; the run directory {@code dir} (its best/ is the model). */
    public static Path train(Path dir, List<AssertionExample> train, List<AssertionExample> valid) {
        Path trainFile = dir.resolveSibling(dir.getFileName() + "-train.jsonl"), validFile = dir.resolveSibling(dir.getFileName() + "-valid.jsonl");
        AssertionDataset.write(trainFile, train);
        AssertionDataset.write(validFile, valid);
        var options = new TeacherTrainer.Options(new TeacherTrainer.Model("tiny", null, null, 300, 0.0, false, null),
                new TeacherTrainer.Input(63, 31, true, false, false),
                new Seq2SeqTrainingLoop.Schedule(100, 4, 1, 5e-3, 5, 40, 40, 0), new Seq2SeqTrainingLoop.WeightDecay(0.01, false), 0, 4, 0, TeacherTrainer.Keep.LAST, 1, false);
        RunDirectory run = RunDirectory.create("kd", dir, List.of("test"), Map.of(), List.of(trainFile, validFile));
        new TeacherTrainer(options, run).train(trainFile, validFile, BadRecords.failFast());
        return dir;
    }

    /**
     * The examples as written to {@code clean}, then copied to {@code file} with a blank line (line 11) and a record
     * without test_method_masked (line 21), so a job must skip the one and refuse or skip the other.
     */
    public static Path withBlankAndBadLine(List<AssertionExample> examples, Path clean, Path file) throws IOException {
        AssertionDataset.write(clean, examples);
        List<String> lines = new ArrayList<>(Files.readAllLines(clean));
        lines.add(10, "");
        lines.add(20, "{\"id\": \"bad\", \"focal_method\": \"int f();\"}");   // no test_method_masked
        return Files.write(file, lines);
    }
}
