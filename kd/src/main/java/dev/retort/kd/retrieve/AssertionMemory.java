package dev.retort.kd.retrieve;

import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.data.AssertionTask;
import dev.retort.text.metrics.AssertionLines;
import dev.retort.text.metrics.CodeTokens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Training examples a model consults (retrieve-and-edit): for an input, the training example whose masked test
 * and focal method are closest by BM25 over code tokens. An example never retrieves itself or an example of its own
 * split group (its test method under the {@code in-project} split, its test class under {@code new-class}; the test
 * class when the data does not name a group), so a model trained with its hints sees what a held-out example will see.
 * Saved as {@value #FILE} in the model directory; a model with that file reads hints, one
 * without it does not.
 */
public final class AssertionMemory {
    public static final String FILE = "memory.jsonl";
    private static final String SEP = "\n";

    /** Characters of a per-assertion test kept before its placeholder as the retrieval key (tuned on lang3's valid split). */
    static final int CONTEXT_CHARS = 100;

    private final List<AssertionExample> examples;
    private final AssertionTask task;
    private final Bm25Index index;

    private AssertionMemory(List<AssertionExample> examples) {
        this.examples = examples;
        this.task = AssertionTask.of(examples);
        this.index = new Bm25Index(examples.stream().map(this::key).toList());
    }

    /**
     * What is compared: for per-assertion data the last {@value #CONTEXT_CHARS} characters of the test before its
     * placeholder (the statements just before the assertion: BM25 top-1 on lang3's in-project valid split 0.17, against
     * 0.06 for the whole input) and the focal method; for whole-method data the whole input.
     */
    private List<String> key(AssertionExample e) {
        if (task == AssertionTask.METHOD) return CodeTokens.of(e.input(SEP));
        String test = e.testMethodMasked();
        int at = test.lastIndexOf(AssertionExample.PLACEHOLDER);
        String before = test.substring(0, Math.max(0, at));
        return CodeTokens.of(before.substring(Math.max(0, before.length() - CONTEXT_CHARS)) + SEP + e.focalMethod());
    }

    /** The task of the memory's examples, which decides what is compared ({@link #key}). */
    public AssertionTask task() {
        return task;
    }

    /** A memory over these examples (their focal files are not kept). */
    public static AssertionMemory of(List<AssertionExample> examples) {
        if (examples.isEmpty()) throw new BadInputException("a retrieval memory needs at least one training example");
        return new AssertionMemory(examples.stream().map(e -> new AssertionExample(e.id(), e.focalMethod(), e.testMethodMasked(),
                e.assertions(), e.artifact(), e.testClass(), e.focalClass(), null, e.methodId(), e.splitGroup())).toList());
    }

    /** The memory saved in a model directory, if it has one. */
    public static Optional<AssertionMemory> inModel(Path modelDir) {
        return Files.isRegularFile(modelDir.resolve(FILE)) ? Optional.of(at(modelDir)) : Optional.empty();
    }

    /** The memory of a model directory, or a memory file itself; fails if there is none. */
    public static AssertionMemory at(Path dirOrFile) {
        Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(FILE) : dirOrFile;
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(dirOrFile + ": no retrieval memory (" + FILE + "); pass the directory of a teacher trained with --retrieval");
        }
        return new AssertionMemory(AssertionDataset.read(file, BadRecords.failFast()));
    }

    /** Writes the memory into a model directory. */
    public void saveInto(Path modelDir) {
        AssertionDataset.write(modelDir.resolve(FILE), examples);
    }

    /** The closest example other than the query itself and its split-group siblings, if any is left. */
    public Optional<AssertionExample> nearest(AssertionExample query) {
        return nearest(query, 1).stream().findFirst();
    }

    /** The k closest examples, closest first, under the same exclusions. */
    public List<AssertionExample> nearest(AssertionExample query, int k) {
        int[] top = index.top(key(query), k, d -> allowed(examples.get(d), query));
        return Arrays.stream(top).mapToObj(examples::get).toList();
    }

    /** The nearest example's assertions, one per line ("" when nothing may be retrieved). */
    public String hint(AssertionExample query) {
        return nearest(query).map(AssertionExample::target).orElse("");
    }

    /**
     * The targets of the closest examples, closest first, without repeats (lines normalized as exact match compares
     * them), at most {@code k} of them: the candidates a top-k prediction by retrieval offers.
     */
    public List<String> distinctTargets(AssertionExample query, int k) {
        return distinctNeighbours(query, k).stream().map(n -> AssertionLines.normalized(n.target())).toList();
    }

    /** The closest examples whose normalized targets differ (the first of each), at most {@code k}, closest first. */
    public List<AssertionExample> distinctNeighbours(AssertionExample query, int k) {
        List<AssertionExample> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (AssertionExample n : nearest(query, 4 * k)) {
            String t = AssertionLines.normalized(n.target());
            if (!t.isEmpty() && seen.add(t)) out.add(n);
            if (out.size() == k) break;
        }
        return out;
    }

    public int size() {
        return examples.size();
    }

    private static boolean allowed(AssertionExample candidate, AssertionExample query) {
        if (candidate.id().equals(query.id())) return false;
        if (query.splitGroup() != null) return !query.splitGroup().equals(candidate.splitGroup());
        return query.testClass() == null || !Objects.equals(candidate.testClass(), query.testClass());
    }
}
