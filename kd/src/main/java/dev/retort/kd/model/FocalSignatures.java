package dev.retort.kd.model;

import dev.retort.kd.data.AssertionExample;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The focal class's method and constructor signatures as extra model input (the "focal-class context" of ATLAS-style
 * inputs): which other methods the class offers, with their parameter and return types, so an assertion can call one
 * that neither the test nor the focal method names. They come from the example's {@code focal_file} — for mined data
 * the class outline `kd mine` writes (comments dropped, bodies emptied, one declaration per line) — and are written
 * compactly, one per line: modifiers other than {@code static}, annotations and {@code final} dropped
 * ({@code static String random(int count, String chars)}). Signatures whose name occurs in the test method come first
 * (in the order the test uses them), then the others in file order; the focal method's own signature is left out.
 * Private members are not in the outline's public surface a test can call, so they are skipped.
 */
public final class FocalSignatures {
    /** A non-private method or constructor declaration on one line of the outline, ending with its (emptied) body's brace. */
    private static final Pattern DECLARATION = Pattern.compile(
            "^\\s*(?:@\\w+(?:\\([^)]*\\))?\\s+)*((?:(?:public|protected|static|abstract|synchronized|default|native)\\s+)*)"
                    + "((?:<[^>]*>\\s+)?[\\w$.<>\\[\\],? ]*?)\\s*\\b([\\w$]+)\\s*\\(([^)]*)\\)\\s*(?:throws [\\w$., ]+)?\\s*\\{\\s*$",
            Pattern.MULTILINE);
    private static final Pattern NAME = Pattern.compile("[\\w$]+");
    private static final Set<String> NOT_A_NAME = Set.of("if", "for", "while", "switch", "catch", "synchronized", "return", "new");

    /**
     * Per focal file: its signatures in file order as (name, text); mined data repeats one file for many examples. Emptied
     * when it holds {@value #CACHED} files, so a long-running server that sees new focal files does not grow without bound.
     */
    private static final Map<String, List<Signature>> CACHE = new ConcurrentHashMap<>();
    private static final int CACHED = 4096;

    private record Signature(String name, String text) {
    }

    private FocalSignatures() {
    }

    /** The example's focal-class signatures, one per line ("" without a focal file). */
    public static String of(AssertionExample example) {
        if (example.focalFile() == null || example.focalFile().isEmpty()) return "";
        if (CACHE.size() >= CACHED) CACHE.clear();
        List<Signature> all = CACHE.computeIfAbsent(example.focalFile(), FocalSignatures::parse);
        String focalHead = firstLine(example.focalMethod());
        Set<String> order = new LinkedHashSet<>();
        Matcher used = NAME.matcher(example.testMethodMasked());
        while (used.find()) order.add(used.group());
        List<String> lines = new ArrayList<>();
        for (String name : order) {
            for (Signature s : all) if (s.name().equals(name) && !isFocal(s, focalHead)) lines.add(s.text());
        }
        for (Signature s : all) if (!order.contains(s.name()) && !isFocal(s, focalHead)) lines.add(s.text());
        return String.join("\n", lines);
    }

    /** Whether the signature is the focal method's own (same name and the same parameters as its first line). */
    private static boolean isFocal(Signature s, String focalHead) {
        return focalHead.contains(s.name() + "(") && compact(focalHead).contains(s.text().substring(s.text().indexOf(s.name() + "(")));
    }

    static List<Signature> parse(String focalFile) {
        List<Signature> out = new ArrayList<>();
        Matcher m = DECLARATION.matcher(focalFile);
        while (m.find()) {
            String modifiers = m.group(1);
            String name = m.group(3);
            if (NOT_A_NAME.contains(name) || !(modifiers.contains("public") || modifiers.contains("protected"))) continue;
            String type = m.group(2).strip();
            String head = (modifiers.contains("static") ? "static " : "") + (type.isEmpty() ? "" : type + " ") + name;
            out.add(new Signature(name, compact(head + "(" + m.group(4).strip() + ")")));
        }
        return out;
    }

    /** Without {@code final} and runs of spaces, so equal signatures read alike. */
    private static String compact(String text) {
        return text.replaceAll("\\bfinal\\s+", "").replaceAll("\\s+", " ").strip();
    }

    private static String firstLine(String method) {
        int brace = method.indexOf('{');
        return brace < 0 ? method : method.substring(0, brace);
    }
}
