package dev.retort.kd.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.BadInputException;
import dev.retort.kd.data.AssertionExample;
import dev.retort.text.tokenize.Tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identifier abstraction (ATLAS, AsserT5): each identifier of an example's input that is not among the most frequent
 * identifiers of the training targets ({@code kept}) becomes a per-example placeholder, numbered by first occurrence
 * going back from the assertion's placeholder through the test method, then forward through the focal method, so the
 * names nearest the assertion get the lowest numbers. The retrieved assertions and the target are written with the
 * same placeholders, so a target that differs from a training one only in the names of the example's own variables,
 * methods and classes becomes the same token sequence. The placeholders are the tokenizer's sentinel tokens: they are
 * never produced from text, so they cannot clash with a real name, and {@link #decode} puts the names back. Names past
 * the {@code slots}-th stay as they are.
 *
 * <p>Everything that matches a Java identifier and is not a keyword or literal counts as a name, words inside string
 * literals and comments included: the mapping only has to be the same on both sides and reversible, and it is.
 *
 * <p>With {@code analogicalHints} a retrieved assertion is written by analogy ({@link #analogy}): a name of its own
 * example that the query example does not have takes the placeholder of the same rank, so the neighbour's
 * {@code assertEquals(3, r)} (r its nearest name) reads {@code assertEquals(3, <0>)} for a query whose nearest name is
 * {@code result}, the very ids of that query's target.
 */
public record IdentifierAbstraction(Set<String> kept, int slots, boolean analogicalHints) {
    /** Frequent target identifiers kept as text by default (ATLAS keeps a similar few hundred). */
    public static final int DEFAULT_KEPT = 200;
    /** Placeholders per example by default; the tokenizer needs at least as many sentinels. */
    public static final int DEFAULT_SLOTS = 64;
    private static final String ANALOGICAL = "analogical_hints";

    private static final Pattern NAME = Pattern.compile("(?<![\\p{L}\\p{N}_$])[\\p{L}_$][\\p{L}\\p{N}_$]*");
    private static final Set<String> RESERVED = Set.of("abstract", "assert", "boolean", "break", "byte", "case", "catch", "char",
            "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for",
            "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
            "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this", "throw",
            "throws", "transient", "try", "void", "volatile", "while", "var", "record", "yield", "sealed", "permits", "true",
            "false", "null", "ASSERTION_PLACEHOLDER");

    public IdentifierAbstraction {
        kept = Set.copyOf(kept);
        if (slots < 1) throw new BadInputException("identifier abstraction needs at least one placeholder, got " + slots);
    }

    /** The names of one example: placeholder k stands for {@code names.get(k)}. */
    public record Names(List<String> names, Map<String, Integer> index) {
        static Names of(List<String> names) {
            Map<String, Integer> index = new HashMap<>();
            for (int k = 0; k < names.size(); k++) index.put(names.get(k), k);
            return new Names(List.copyOf(names), Map.copyOf(index));
        }
    }

    /** Keeps the {@code keep} identifiers most frequent in the training targets (ties by name, so the set is reproducible). */
    public static IdentifierAbstraction fit(List<AssertionExample> train, int keep, int slots) {
        Map<String, Integer> counts = new HashMap<>();
        for (AssertionExample e : train) {
            Matcher m = NAME.matcher(e.target());
            while (m.find()) if (!RESERVED.contains(m.group())) counts.merge(m.group(), 1, Integer::sum);
        }
        List<String> kept = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(keep).map(Map.Entry::getKey).toList();
        return new IdentifierAbstraction(Set.copyOf(kept), slots, false);
    }

    /** An abstraction that writes retrieved assertions with the query example's names. */
    public IdentifierAbstraction(Set<String> kept, int slots) {
        this(kept, slots, false);
    }

    /** The same abstraction with retrieved assertions written by analogy, or not. */
    public IdentifierAbstraction withAnalogicalHints(boolean on) {
        return new IdentifierAbstraction(kept, slots, on);
    }

    /** The example's placeholder names, from its input alone (so they are known at inference). */
    public Names names(AssertionExample example) {
        return names(example, "");
    }

    /** As {@link #names(AssertionExample)}, with the names of further input text ({@code context}) numbered last. */
    public Names names(AssertionExample example, String context) {
        Set<String> order = new LinkedHashSet<>();   // first occurrence wins
        String test = example.testMethodMasked();
        int at = test.lastIndexOf(AssertionExample.PLACEHOLDER);
        if (at < 0) at = test.length();
        order.addAll(found(test.substring(0, at)).reversed());
        order.addAll(found(test.substring(at)));
        order.addAll(found(example.focalMethod()));
        order.addAll(found(context));
        return Names.of(order.stream().limit(slots).toList());
    }

    private List<String> found(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = NAME.matcher(text);
        while (m.find()) if (!RESERVED.contains(m.group()) && !kept.contains(m.group())) out.add(m.group());
        return out;
    }

    /**
     * The names to write a neighbour's assertion with for the query: the query's own placeholders for the names they
     * share, and for each other name of the neighbour the placeholder of its rank there, when the query has a name of
     * that rank.
     */
    public static Names analogy(Names query, Names neighbour) {
        Map<String, Integer> index = new HashMap<>();
        neighbour.index().forEach((name, rank) -> {
            if (rank < query.names().size()) index.put(name, rank);
        });
        index.putAll(query.index());
        return new Names(query.names(), Map.copyOf(index));
    }

    /**
     * A neighbour's assertion as text rewritten for the query by {@link #analogy}: each of the neighbour's own names that
     * the query lacks becomes the query's name of the same rank (when the query has one); every other character stays.
     */
    public static String renamedByAnalogy(String text, Names query, Names neighbour) {
        Names mapping = analogy(query, neighbour);
        StringBuilder out = new StringBuilder();
        Matcher m = NAME.matcher(text);
        int from = 0;
        while (m.find()) {
            Integer k = placeholder(mapping, text, m);
            if (k == null) continue;
            out.append(text, from, m.start()).append(query.names().get(k));
            from = m.end();
        }
        return out.append(text.substring(from)).toString();
    }

    /**
     * The placeholder of the name {@code m} found in {@code text}, or null when it stays text: it is none of the example's
     * names, or it would be renamed (by analogy) where another name breaks a literal: the letters of an escape sequence
     * ({@code \r}, {@code \u000B}) or a char literal's content ({@code '_'}).
     */
    private static Integer placeholder(Names names, String text, Matcher m) {
        Integer k = names.index().get(m.group());
        if (k == null || names.names().get(k).equals(m.group())) return k;
        int start = m.start(), end = m.end();
        boolean escape = start > 0 && text.charAt(start - 1) == '\\';
        boolean charLiteral = start > 0 && end < text.length() && text.charAt(start - 1) == '\'' && text.charAt(end) == '\'';
        return escape || charLiteral ? null : k;
    }

    /** The ids of {@code text} with each of the example's names as its placeholder. */
    public int[] encode(Tokenizer tokenizer, String text, Names names) {
        List<int[]> parts = new ArrayList<>();
        Matcher m = NAME.matcher(text);
        int from = 0;
        while (m.find()) {
            Integer k = placeholder(names, text, m);
            if (k == null) continue;
            parts.add(tokenizer.encode(text.substring(from, m.start())));
            parts.add(new int[]{tokenizer.sentinel(k)});
            from = m.end();
        }
        parts.add(tokenizer.encode(text.substring(from)));
        return parts.stream().flatMapToInt(java.util.Arrays::stream).toArray();
    }

    /** Text of generated ids with the example's names put back; a placeholder with no name reads {@code <|name_k|>}. */
    public String decode(Tokenizer tokenizer, int[] ids, Names names) {
        StringBuilder text = new StringBuilder();
        int first = tokenizer.sentinel(0);
        int from = 0;
        for (int i = 0; i <= ids.length; i++) {
            int k = i < ids.length ? ids[i] - first : -1;
            if (i < ids.length && (k < 0 || k >= slots)) continue;
            text.append(tokenizer.decode(java.util.Arrays.copyOfRange(ids, from, i)));
            if (i < ids.length) text.append(k < names.names().size() ? names.names().get(k) : "<|name_" + k + "|>");
            from = i + 1;
        }
        return text.toString();
    }

    /** As saved in a model's encoder settings. */
    public Map<String, Object> settings() {
        var settings = new java.util.TreeMap<String, Object>(Map.of("kept", new TreeSet<>(kept), "slots", slots));
        if (analogicalHints) settings.put(ANALOGICAL, true);
        return settings;
    }

    /** Reads {@link #settings()} back; null when the node is missing (a model without abstraction). */
    public static IdentifierAbstraction fromSettings(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) return null;
        Set<String> kept = new java.util.HashSet<>();
        node.path("kept").forEach(n -> kept.add(n.asText()));
        return new IdentifierAbstraction(kept, node.path("slots").asInt(DEFAULT_SLOTS), node.path(ANALOGICAL).asBoolean(false));
    }
}
