package dev.retort.kd.retrieve;

import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.metrics.CodeTokens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Training examples a model consults (retrieve-and-edit): for an input, the training example whose masked test
 * and focal method are closest by BM25 over code tokens. An example never retrieves itself or a sibling from
 * its own test class, so a model trained with its hints sees what a held-out class will see (the splits are by
 * test class). Saved as {@value #FILE} in the model directory; a model with that file reads hints, one
 * without it does not.
 */
public final class AssertionMemory {
    public static final String FILE = "memory.jsonl";
    private static final String SEP = "\n";

    private final List<AssertionExample> examples;
    private final Bm25Index index;

    private AssertionMemory(List<AssertionExample> examples) {
        this.examples = examples;
        this.index = new Bm25Index(examples.stream().map(e -> CodeTokens.of(e.input(SEP))).toList());
    }

    /** A memory over these examples (their focal files are not kept). */
    public static AssertionMemory of(List<AssertionExample> examples) {
        if (examples.isEmpty()) throw new BadInputException("a retrieval memory needs at least one training example");
        return new AssertionMemory(examples.stream().map(e -> new AssertionExample(e.id(), e.focalMethod(), e.testMethodMasked(),
                e.assertions(), e.artifact(), e.testClass(), e.focalClass(), null)).toList());
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

    /** The closest example other than the query itself and its test-class siblings, if any is left. */
    public Optional<AssertionExample> nearest(AssertionExample query) {
        return nearest(query, 1).stream().findFirst();
    }

    /** The k closest examples, closest first, under the same exclusions. */
    public List<AssertionExample> nearest(AssertionExample query, int k) {
        int[] top = index.top(CodeTokens.of(query.input(SEP)), k, d -> allowed(examples.get(d), query));
        return Arrays.stream(top).mapToObj(examples::get).toList();
    }

    /** The nearest example's assertions, one per line ("" when nothing may be retrieved). */
    public String hint(AssertionExample query) {
        return nearest(query).map(AssertionExample::target).orElse("");
    }

    public int size() {
        return examples.size();
    }

    private static boolean allowed(AssertionExample candidate, AssertionExample query) {
        if (candidate.id().equals(query.id())) return false;
        return query.testClass() == null || !Objects.equals(candidate.testClass(), query.testClass());
    }
}
