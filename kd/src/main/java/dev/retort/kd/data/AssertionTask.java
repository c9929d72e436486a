package dev.retort.kd.data;

import dev.retort.core.BadInputException;

import java.util.Arrays;
import java.util.Locale;

/**
 * What one example asks for. {@code assertion} (the default for mined data, the field's standard task): one example per
 * assertion statement, whose input is the test method up to that assertion's placeholder and whose target is that one
 * assertion. {@code method}: one example per test method, every assertion masked and all of them the target (the
 * original Python pipeline's course-format files are of this kind).
 */
public enum AssertionTask {
    ASSERTION, METHOD;

    /** The name used on the command line and in reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The task a data set was mined for: {@code assertion} when every example has one assertion and names a test method
     * other than itself (as {@code retort kd mine --task assertion} writes them), else {@code method}.
     */
    public static AssertionTask of(java.util.List<AssertionExample> examples) {
        boolean perAssertion = !examples.isEmpty()
                && examples.stream().allMatch(e -> e.assertions().size() == 1 && !e.methodId().equals(e.id()));
        return perAssertion ? ASSERTION : METHOD;
    }

    public static AssertionTask parse(String text) {
        return Arrays.stream(values()).filter(t -> t.label().equals(text.strip().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new BadInputException("unknown task '" + text + "': use assertion or method"));
    }
}
