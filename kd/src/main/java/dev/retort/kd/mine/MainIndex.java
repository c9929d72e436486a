package dev.retort.kd.mine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The main-source classes by simple name, and the class a test class is named after. */
final class MainIndex {
    private final Map<String, List<FocalClass>> bySimpleName = new HashMap<>();

    void add(FocalClass c) {
        bySimpleName.computeIfAbsent(c.simpleName(), k -> new ArrayList<>()).add(c);
    }

    int size() {
        return bySimpleName.values().stream().mapToInt(List::size).sum();
    }

    /**
     * The class under test for a test class: {@code FooTest}, {@code FooTests}, {@code FooTestCase},
     * {@code TestFoo} → {@code Foo}; else the longest class name that starts the base name
     * ({@code StringUtilsTrimStripTest} → {@code StringUtils}). Same package first; empty when the name
     * matches nothing or several classes in other packages.
     */
    Optional<FocalClass> classUnderTest(String testSimpleName, String testPackage) {
        String base = baseName(testSimpleName);
        if (base.isEmpty()) return Optional.empty();
        Optional<FocalClass> exact = pick(bySimpleName.getOrDefault(base, List.of()), testPackage);
        if (exact.isPresent()) return exact;
        return bySimpleName.keySet().stream()
                .filter(n -> n.length() >= 3 && base.startsWith(n) && n.length() < base.length())
                .sorted(Comparator.comparingInt(String::length).reversed())
                .map(n -> pick(bySimpleName.get(n), testPackage))
                .flatMap(Optional::stream)
                .findFirst();
    }

    static String baseName(String testName) {
        for (String suffix : List.of("TestCase", "Tests", "Test", "IT")) {
            if (testName.endsWith(suffix) && testName.length() > suffix.length())
                return testName.substring(0, testName.length() - suffix.length());
        }
        if (testName.startsWith("Test") && testName.length() > 4) return testName.substring(4);
        return "";
    }

    private static Optional<FocalClass> pick(List<FocalClass> candidates, String testPackage) {
        List<FocalClass> samePackage = candidates.stream().filter(c -> c.packageName.equals(testPackage)).toList();
        if (samePackage.size() == 1) return Optional.of(samePackage.getFirst());
        if (samePackage.isEmpty() && candidates.size() == 1) return Optional.of(candidates.getFirst());
        return Optional.empty();
    }
}
