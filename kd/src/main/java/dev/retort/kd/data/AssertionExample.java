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
 * @param assertions       the assertion statements, in source order, one line each
 */
public record AssertionExample(String id, String focalMethod, String testMethodMasked, List<String> assertions,
                               String artifact, String testClass, String focalClass, String focalFile) {

    /** What each assertion statement is replaced with in {@link #testMethodMasked}. */
    public static final String PLACEHOLDER = "// <ASSERTION_PLACEHOLDER>";

    public AssertionExample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(focalMethod, "focalMethod");
        Objects.requireNonNull(testMethodMasked, "testMethodMasked");
        assertions = List.copyOf(assertions);
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
