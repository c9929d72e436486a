package dev.retort.text.metrics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Assertion text as a list of statements: one per non-blank line, trimmed, inner whitespace collapsed. */
public final class AssertionLines {
    private AssertionLines() {
    }

    public static List<String> of(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String norm = line.strip().replaceAll("\\s+", " ");
            if (!norm.isEmpty()) lines.add(norm);
        }
        return lines;
    }

    public static Set<String> setOf(String text) {
        return new LinkedHashSet<>(of(text));
    }

    /** The normalized form exact match compares: the lines joined by a newline. */
    public static String normalized(String text) {
        return String.join("\n", of(text));
    }
}
