package dev.retort.kd.data;

import java.util.List;
import java.util.Objects;

/**
 * One test method with its assertions masked out, and the method it tests: the unit of the assertion data
 * set. {@code artifact}, {@code testClass}, {@code focalClass} and {@code focalFile} are null where the
 * source (for example a file of the original Python pipeline) does not have them.
 *
 * @param id               unique within a data set
 * @param focalMethod      source of the method under test (for course files with only {@code focal_file}: that text)
 * @param testMethodMasked the test method, each assertion statement replaced by {@code // <ASSERTION_PLACEHOLDER>}
 * @param assertions       the assertion statements, in source order, one line each (task {@code assertion}: exactly one)
 * @param methodId         the test method the example comes from (several per-assertion examples share it); {@code id}
 *                         when the source does not say
 * @param splitGroup       the unit the train/valid/test split was drawn by (a test method for {@code in-project}, a top-level
 *                         test class for {@code new-class}); examples of one group are never in two splits, and a retrieval
 *                         memory never hands an example a neighbour of its own group. Null where unknown (then the test
 *                         class stands in).
 */
public record AssertionExample(String id, String focalMethod, String testMethodMasked, List<String> assertions,
                               String artifact, String testClass, String focalClass, String focalFile,
                               String methodId, String splitGroup) {

    /** What each assertion statement is replaced with in {@link #testMethodMasked}. */
    public static final String PLACEHOLDER = "// <ASSERTION_PLACEHOLDER>";

    public AssertionExample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(focalMethod, "focalMethod");
        Objects.requireNonNull(testMethodMasked, "testMethodMasked");
        assertions = List.copyOf(assertions);
        if (methodId == null) methodId = id;
    }

    /** An example whose method is itself and whose split group is unknown (files of the original pipeline, ad-hoc inputs). */
    public AssertionExample(String id, String focalMethod, String testMethodMasked, List<String> assertions,
                            String artifact, String testClass, String focalClass, String focalFile) {
        this(id, focalMethod, testMethodMasked, assertions, artifact, testClass, focalClass, focalFile, id, null);
    }

    /** The same example with another split group. */
    public AssertionExample withSplitGroup(String group) {
        return new AssertionExample(id, focalMethod, testMethodMasked, assertions, artifact, testClass, focalClass, focalFile, methodId, group);
    }

    /** The model input: masked test, separator, focal method. */
    public String input(String sep) {
        return testMethodMasked + sep + focalMethod;
    }

    /** The model target: the assertions, one per line. */
    public String target() {
        return String.join("\n", assertions);
    }
}
