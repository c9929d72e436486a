package dev.retort.text.metrics;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;

import java.util.stream.Collectors;

/**
 * Whether predicted assertions are syntactically valid Java: they are wrapped in
 * {@code class GeneratedTest { void generated() throws Exception { … } }} and the compilation unit is parsed
 * with JavaParser's non-throwing API (the original pipeline did the same with javalang). Blank predictions
 * are invalid. {@link #validLines} keeps the lines of a generated output that are whole statements on their own
 * (gold assertions are one statement per line): each line is parsed as a block, so text that only parses by closing
 * the wrapper method (a line such as <code>} void helper() {</code>) is not kept. Tokens are not stored, which halves the
 * parse time. One parser per instance: JavaParser is not thread-safe.
 */
public final class AstValidity {
    private final JavaParser parser = new JavaParser(
            new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_21).setStoreTokens(false));

    public boolean isValid(String assertions) {
        if (assertions.isBlank()) return false;
        String unit = "class GeneratedTest {\n void generated() throws Exception {\n" + assertions + "\n }\n}\n";
        var result = parser.parse(unit);
        return result.isSuccessful() && result.getProblems().isEmpty();
    }

    /** The lines of {@code assertions} that parse on their own, in order, joined by "\n"; blank lines are dropped. */
    public String validLines(String assertions) {
        return assertions.lines().filter(line -> !line.isBlank() && isBlock(line)).collect(Collectors.joining("\n"));
    }

    private boolean isBlock(String statements) {
        var result = parser.parseBlock("{\n" + statements + "\n}");
        return result.isSuccessful() && result.getProblems().isEmpty();
    }
}
