package dev.retort.kd.distill;

import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.JsonRecord;
import dev.retort.core.io.JsonlReader;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.logits.TeacherExample;
import dev.retort.kd.logits.TeacherLogits;
import dev.retort.kd.logits.TeacherLogitsReader;
import dev.retort.kd.model.ExampleEncoder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The examples a distillation run trains on, encoded: source and target ids and, when read from a teacher-logit
 * file, the teacher's logits over the target positions (target + EOS). In course-compatibility mode the
 * targets are the teacher's argmax ids, because a course file carries no tokenizer.
 */
record TrainingSet(List<Item> items, boolean fromTeacherFile, int teacherVocab) {

    record Item(AssertionExample example, int[] source, int[] target, TeacherLogits teacher) {
    }

    /** Whether the first record of {@code file} carries teacher logits (course or topk format). */
    static boolean hasTeacherLogits(Path file) {
        try (JsonlReader r = JsonlReader.open(file, BadRecords.failFast())) {
            for (JsonRecord rec : r) {
                if (rec.has("header")) continue;
                return rec.has("compressed_logits") || rec.has("topk_logits");
            }
        }
        throw new BadInputException(file + ": no records");
    }

    static List<TeacherExample> readTeacherFile(Path file, int limit, BadRecords bad) {
        List<TeacherExample> out = new ArrayList<>();
        try (TeacherLogitsReader r = TeacherLogitsReader.open(file, bad)) {
            for (TeacherExample e : r) {
                if (limit > 0 && out.size() >= limit) break;
                out.add(e);
            }
        }
        if (out.isEmpty()) throw new BadInputException(file + ": no usable teacher-logit records");
        return out;
    }

    static List<AssertionExample> readExamples(Path file, int limit, BadRecords bad) {
        List<AssertionExample> all = AssertionDataset.read(file, bad);
        if (all.isEmpty()) throw new BadInputException(file + ": no usable records");
        return limit > 0 && all.size() > limit ? all.subList(0, limit) : all;
    }

    /**
     * The records of {@code file} encoded. Unless {@code vocabFromFile}, every record's V must be the tokenizer's: the
     * teacher's vocabulary is the student's.
     */
    static TrainingSet fromTeacherFile(Path file, List<TeacherExample> records, ExampleEncoder encoder, int topK,
                                       boolean vocabFromFile, int maxOutputLen) {
        List<Item> items = new ArrayList<>();
        int vocab = -1;
        for (TeacherExample r : records) {
            TeacherLogits t = r.logits();
            if (!vocabFromFile && t.vocabSize() != encoder.tokenizer().vocabSize()) {
                throw new BadInputException(file + ": record " + t.id() + ": " + vocabField(t) + " gives the teacher's vocabulary V = "
                        + t.vocabSize() + ", but the tokenizer has " + encoder.tokenizer().vocabSize() + " ids; pass the teacher's own "
                        + "tokenizer.json with --tokenizer (a course file made with CodeT5: CodeT5's), or take the vocabulary from the "
                        + "file with --vocab-from-teacher-file");
            }
            vocab = Math.max(vocab, t.vocabSize());
            if (topK > 0 && t instanceof TeacherLogits.Dense) t = t.topK(topK);
            AssertionExample e = r.example();
            int[] source = encoder.source(e);
            int[] target = vocabFromFile ? argmaxIds(t, maxOutputLen) : encoder.target(e);
            items.add(new Item(e, source, target, t));
        }
        return new TrainingSet(items, true, vocab);
    }

    private static String vocabField(TeacherLogits t) {
        return t instanceof TeacherLogits.Dense ? "compressed_logits.shape[2]" : "topk_logits.vocab_size";
    }

    static TrainingSet withoutTeacher(List<AssertionExample> examples, ExampleEncoder encoder) {
        List<Item> items = new ArrayList<>();
        for (AssertionExample e : examples) {
            items.add(new Item(e, encoder.source(e), encoder.target(e), null));
        }
        return new TrainingSet(items, false, -1);
    }

    /** The teacher's best id at each stored position (at most maxLen of them): pseudo-labels for the compat path. */
    private static int[] argmaxIds(TeacherLogits t, int maxLen) {
        int n = Math.min(t.length(), maxLen);
        int[] ids = new int[n];
        for (int p = 0; p < n; p++) {
            float[] row = t.row(p);
            int best = 0;
            for (int v = 1; v < row.length; v++) if (row[v] > row[best]) best = v;
            ids[p] = best;
        }
        return ids;
    }

    List<AssertionExample> examples() {
        return items.stream().map(Item::example).toList();
    }
}
