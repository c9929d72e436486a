package dev.retort.kd.metrics;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;

/**
 * Whether predicted assertions are syntactically valid Java: they are wrapped in
 * {@code class GeneratedTest { void generated() throws Exception { … } }} and the compilation unit is parsed
 * with JavaParser's non-throwing API (the original pipeline did the same with javalang). Blank predictions
 * are invalid. One parser per instance: JavaParser is not thread-safe.
 */
public final class AstValidity {
    private final JavaParser parser = new JavaParser(
            new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_21));

    public boolean isValid(String assertions) {
        if (assertions.isBlank()) return false;
        String unit = "class GeneratedTest {\n void generated() throws Exception {\n" + assertions + "\n }\n}\n";
        var result = parser.parse(unit);
        return result.isSuccessful() && result.getProblems().isEmpty();
    }
}
