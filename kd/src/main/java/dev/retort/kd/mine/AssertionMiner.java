package dev.retort.kd.mine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import dev.retort.core.BadInputException;
import dev.retort.core.io.Json;
import dev.retort.core.report.Progress;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.data.AssertionTask;
import dev.retort.kd.data.SplitSetting;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Mines (test method, focal method, assertions) examples from Java sources. Each test method with at least one
 * assertion statement whose focal method is found ({@link FocalMatcher}) gives, under task {@code assertion}, one
 * {@link AssertionExample} per assertion statement (the method up to that assertion, {@link AssertionPrefix}), or
 * under task {@code method} one example with all its assertions masked. Writes {@code train.jsonl},
 * {@code valid.jsonl}, {@code test.jsonl} (split by test method or by test class, {@link Split}) and
 * {@code mine_report.json}.
 */
public final class AssertionMiner {
    private static final Set<String> TEST_ANNOTATIONS = Set.of("Test", "ParameterizedTest", "RepeatedTest");

    /**
     * Something to mine, labelled {@code artifact}: a {@link Corpus} at hand, or one that could not be had
     * ({@link Unresolved}). {@link #corpus()} may throw; {@link #mineOne} then returns a {@link Failed} outcome and
     * {@link #assemble} records the artifact as failed among the others.
     */
    public sealed interface Source permits Corpus, Unresolved {
        String artifact();

        Corpus corpus();
    }

    /** Sources to mine: a source jar or folder and a test-source jar or folder, labelled {@code artifact}. */
    public record Corpus(String artifact, Path sources, Path testSources) implements Source {
        /** The {@code -sources.jar} and {@code -test-sources.jar} of {@code groupId:artifactId:version}, from ~/.m2 or Maven Central. */
        public static Corpus resolve(String coordinates) {
            return resolve(coordinates, new ArtifactSources());
        }

        static Corpus resolve(String coordinates, ArtifactSources maven) {
            var jars = maven.resolve(coordinates);
            return new Corpus(coordinates, jars.sources(), jars.testSources());
        }

        /** {@link #resolve(String)}, or, when that fails, an {@link Unresolved} carrying the failure to the report. */
        public static Source tryResolve(String coordinates, ArtifactSources maven) {
            try {
                return resolve(coordinates, maven);
            } catch (RuntimeException e) {
                return new Unresolved(coordinates, e);
            }
        }

        @Override
        public Corpus corpus() {
            return this;
        }
    }

    /** An artifact whose jars could not be resolved; mining it records {@code error} for it. */
    public record Unresolved(String artifact, RuntimeException error) implements Source {
        @Override
        public Corpus corpus() {
            throw error;
        }
    }

    /**
     * @param maxFocalFileChars {@code focal_file} (the class outline) is cut to this many characters
     * @param task              one example per assertion statement, or one per test method
     * @param split             the evaluation setting the train/valid/test split is drawn for
     */
    public record Options(long seed, int maxFocalFileChars, AssertionTask task, SplitSetting split) implements java.io.Serializable {
        public static final int DEFAULT_MAX_FOCAL_FILE_CHARS = 4000;

        public Options {
            if (maxFocalFileChars < 1) throw new BadInputException("--max-focal-file-chars must be at least 1, got " + maxFocalFileChars);
            java.util.Objects.requireNonNull(task, "task");
            java.util.Objects.requireNonNull(split, "split");
        }

        /** The defaults: per-assertion examples, split by test method inside the project. */
        public static Options defaults(long seed) {
            return new Options(seed, DEFAULT_MAX_FOCAL_FILE_CHARS, AssertionTask.ASSERTION, SplitSetting.IN_PROJECT);
        }
    }

    /** Checks that each per-assertion prefix is a whole method (one parser per mining thread). */
    private static final ThreadLocal<JavaParser> PARSER = ThreadLocal.withInitial(() ->
            new JavaParser(new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.RAW)));

    /**
     * What mining one {@link Source} gave: its examples and counts ({@link Mined}) or why it failed ({@link Failed}).
     * {@link #mineOne} makes one; {@link #assemble} turns the outcomes of all sources into the data set. The Spark job
     * ({@code retort spark mine}) makes outcomes on executors and assembles them on the driver with the same code.
     */
    public sealed interface Outcome permits Mined, Failed {
        String artifact();
    }

    /** The examples of one corpus, in source order, and the counts behind them. */
    public record Mined(String artifact, List<AssertionExample> examples, MineCounts counts) implements Outcome {
        public Mined {
            examples = List.copyOf(examples);
        }
    }

    /** A source that could not be resolved, read or parsed; {@code cause} is null when only the message survived. */
    public record Failed(String artifact, String error, RuntimeException cause) implements Outcome {
    }

    private AssertionMiner() {
    }

    /**
     * Mines every source in order, writes the three splits and mine_report.json into {@code outDir}; returns the report.
     * That is {@link #mineOne} for each source, then {@link #assemble}.
     *
     * @throws dev.retort.core.RetortException when no source yields an example (after writing mine_report.json); the
     *         source's own exception when there is just one source and it failed
     */
    public static ObjectNode mine(List<? extends Source> sources, Options options, Path outDir) {
        return mine(sources, options, outDir, Set.of());
    }

    /**
     * As {@link #mine(List, Options, Path)}, with every example of the artifacts in {@code trainOnly} put into the
     * training split (more labelled data for the model; the evaluation splits stay those of the other artifacts). List
     * them after the others, so their examples equal to one of an evaluated artifact are dropped as duplicates.
     */
    public static ObjectNode mine(List<? extends Source> sources, Options options, Path outDir, Set<String> trainOnly) {
        long start = System.nanoTime();
        List<Outcome> outcomes = new ArrayList<>();
        for (Source source : sources) outcomes.add(mineOne(source, options));
        return assemble(outcomes, options, outDir, start, trainOnly);
    }

    /** Mines one source; a failure to resolve, read or parse it is a {@link Failed} outcome, not an exception. */
    public static Outcome mineOne(Source source, Options options) {
        try {
            return mine(source.corpus(), options);
        } catch (RuntimeException e) {
            return new Failed(source.artifact(), message(e), e);
        }
    }

    /**
     * The data set from the outcomes of all sources, in source order: writes the three splits and mine_report.json into
     * {@code outDir} and returns the report ({@code seconds} counted from {@code startNanos}). A failed source is recorded
     * under {@code failures} (and as {@code "status": "failed"} under {@code artifacts}); an example equal in (masked test,
     * focal method, assertions) to one of an earlier artifact is dropped and counted as that artifact's
     * {@code duplicates_dropped} ({@link CrossArtifactDedup}). When the chosen split leaves train, valid or test empty
     * although there are at least three test methods, the split falls back to one by test method ({@link Split#byRank})
     * and the report says so under {@code split_fallback}.
     *
     * @throws dev.retort.core.RetortException when no source yields an example (after writing mine_report.json); the
     *         source's own exception when there is just one source and it failed with one
     */
    public static ObjectNode assemble(List<? extends Outcome> outcomes, Options options, Path outDir, long startNanos) {
        return assemble(outcomes, options, outDir, startNanos, Set.of());
    }

    /** As {@link #assemble(List, Options, Path, long)}, the examples of the {@code trainOnly} artifacts all in train. */
    public static ObjectNode assemble(List<? extends Outcome> outcomes, Options options, Path outDir, long startNanos, Set<String> trainOnly) {
        List<AssertionExample> all = new ArrayList<>();
        MineCounts total = new MineCounts();
        ObjectNode report = Json.object();
        ObjectNode perArtifact = Json.object();
        ArrayNode failures = Json.MAPPER.createArrayNode();
        List<Failed> failed = new ArrayList<>();
        CrossArtifactDedup dedup = new CrossArtifactDedup();
        for (Outcome outcome : outcomes) {
            switch (outcome) {
                case Failed f -> {
                    failed.add(f);
                    failures.addObject().put("artifact", f.artifact()).put("error", f.error());
                    perArtifact.putObject(f.artifact()).put("status", "failed").put("error", f.error());
                }
                case Mined m -> {
                    List<AssertionExample> kept = dedup.keepNew(m.artifact(), m.examples());
                    all.addAll(kept);
                    total.addAll(m.counts());
                    ObjectNode a = perArtifact.putObject(m.artifact());
                    a.put("status", "mined").put("examples", kept.size()).put("duplicates_dropped", m.examples().size() - kept.size());
                    if (trainOnly.contains(m.artifact())) a.put("train_only", true);
                    a.setAll(m.counts().toJson());
                }
            }
        }
        List<AssertionExample> evaluated = all.stream().filter(e -> !trainOnly.contains(e.artifact())).toList();
        Split split = new Split(options.seed(), options.split());
        Map<String, List<AssertionExample>> bySplit = split.assign(evaluated);
        String empty = emptySplits(bySplit);
        long methods = evaluated.stream().map(e -> e.artifact() + "/" + e.methodId()).distinct().count();
        if (!empty.isEmpty() && methods >= 3) {
            Split fallback = Split.byRank(options.seed());
            bySplit = fallback.assign(evaluated);
            report.putObject("split_fallback").put("from", options.split().label()).put("to", "in-project (by rank)")
                    .put("reason", "split " + options.split().label() + " left " + empty + " empty; " + methods
                            + " test methods split by rank of their hash instead, at least one per split");
            split = fallback;
        }
        bySplit = withTrainOnly(bySplit, all, trainOnly, split);
        for (var e : bySplit.entrySet()) AssertionDataset.write(outDir.resolve(e.getKey() + ".jsonl"), e.getValue());

        report.put("seed", options.seed());
        report.put("max_focal_file_chars", options.maxFocalFileChars());
        report.put("task", options.task().label());
        report.put("split", options.split().label());
        report.put("examples", all.size());
        report.put("cross_artifact_duplicates_dropped", dedup.dropped());
        if (!trainOnly.isEmpty()) report.set("train_only_artifacts", Json.MAPPER.valueToTree(new java.util.TreeSet<>(trainOnly)));
        report.set("totals", total.toJson());
        report.set("assertions_per_method", MineStatistics.assertionsPerMethod(all));
        report.set("splits", split.describe(bySplit));
        report.set("artifacts", perArtifact);
        report.set("failures", failures);
        report.put("seconds", Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0);
        Json.write(outDir.resolve("mine_report.json"), report);
        if (all.isEmpty()) {
            if (outcomes.size() == 1 && failed.size() == 1 && failed.getFirst().cause() != null) throw failed.getFirst().cause();
            String why = failed.isEmpty() ? "" : "; failed: " + String.join("; ", failed.stream().map(f -> f.artifact() + " (" + f.error() + ")").toList());
            throw new BadInputException("no examples mined from " + outcomes.stream().map(Outcome::artifact).toList() + why
                    + " (details in " + outDir.resolve("mine_report.json") + ")");
        }
        return report;
    }

    /**
     * The splits with the examples of the {@code trainOnly} artifacts appended to train, each with its split group as
     * {@code split} names it (retrieval excludes an example's own group; without one it would exclude its whole test class).
     */
    private static Map<String, List<AssertionExample>> withTrainOnly(Map<String, List<AssertionExample>> bySplit, List<AssertionExample> all,
                                                                      Set<String> trainOnly, Split split) {
        if (trainOnly.isEmpty()) return bySplit;
        Map<String, List<AssertionExample>> out = new java.util.LinkedHashMap<>(bySplit);
        List<AssertionExample> train = new ArrayList<>(bySplit.get("train"));
        all.stream().filter(e -> trainOnly.contains(e.artifact())).forEach(e -> train.add(e.withSplitGroup(split.group(e))));
        out.put("train", train);
        return out;
    }

    /** "valid, test" for the splits without examples; "" when none is empty. */
    private static String emptySplits(Map<String, List<AssertionExample>> bySplit) {
        return String.join(", ", bySplit.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList());
    }

    private static String message(RuntimeException e) {
        String m = e.getMessage();
        return e instanceof dev.retort.core.RetortException && m != null ? m : e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    static Mined mine(Corpus corpus, Options options) {
        MineCounts counts = new MineCounts();
        JavaSources main = JavaSources.read(corpus.sources());
        JavaSources tests = JavaSources.read(corpus.testSources());
        for (JavaSources js : List.of(main, tests))
            if (js.files().isEmpty()) throw new BadInputException(js.origin() + ": no .java files");
        counts.add("main_files", main.files().size());
        counts.add("test_files", tests.files().size());
        MainIndex index = new MainIndex();
        List<AssertionExample> examples = new ArrayList<>();
        Map<String, Integer> idUses = new HashMap<>();
        String shortName = corpus.artifact().contains(":") ? corpus.artifact().split(":")[1] : corpus.artifact();
        List<Parsed> testUnits;
        try (Progress progress = Progress.start("parse " + shortName, main.files().size() + tests.files().size())) {
            for (Parsed p : parseAll(main, progress, counts)) indexClasses(p.unit(), p.source(), index);
            testUnits = parseAll(tests, progress, counts);
        }
        counts.add("main_classes", index.size());
        try (Progress progress = Progress.start("match " + shortName, testUnits.size())) {
            for (Parsed p : testUnits) {
                for (TypeDeclaration<?> type : p.unit().findAll(TypeDeclaration.class)) {
                    List<MethodDeclaration> testMethods = type.getMethods().stream().filter(m -> isTest(m, type)).toList();
                    if (testMethods.isEmpty()) continue;
                    counts.add("test_classes", 1);
                    TestSite site = new TestSite(corpus.artifact(), shortName, p.unit(), type, p.source());
                    for (MethodDeclaration m : testMethods) examples.addAll(mineMethod(site, m, index, options, counts, idUses));
                }
                progress.advance(1);
            }
        }
        return new Mined(corpus.artifact(), examples, counts);
    }

    private record Parsed(CompilationUnit unit, SourceText source) {
    }

    /** Parses the files on all cores (a parser per thread), in file order; unparseable files are counted and left out. */
    private static List<Parsed> parseAll(JavaSources sources, Progress progress, MineCounts counts) {
        ThreadLocal<JavaParser> parsers = ThreadLocal.withInitial(() ->
                new JavaParser(new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.RAW)));
        List<Optional<Parsed>> parsed = sources.files().values().parallelStream().map(text -> {
            ParseResult<CompilationUnit> r = parsers.get().parse(text);
            progress.advance(1);
            return r.isSuccessful() ? r.getResult().map(cu -> new Parsed(cu, new SourceText(text))) : Optional.<Parsed>empty();
        }).toList();
        counts.add("parse_errors", parsed.stream().filter(Optional::isEmpty).count());
        return parsed.stream().flatMap(Optional::stream).toList();
    }

    private static void indexClasses(CompilationUnit cu, SourceText source, MainIndex index) {
        String pkg = cu.getPackageDeclaration().map(p -> p.getNameAsString()).orElse("");
        for (TypeDeclaration<?> type : cu.findAll(TypeDeclaration.class)) {
            index.add(new FocalClass(pkg, type.getFullyQualifiedName().orElse(type.getNameAsString()), type, source));
        }
    }

    /**
     * JUnit 4/5 {@code @Test}, {@code @ParameterizedTest}, {@code @RepeatedTest}; JUnit 3 {@code public void testX()} in a
     * class extending {@code …TestCase} or another test class ({@code …Test}, as collections4's {@code AbstractMapTest}).
     */
    static boolean isTest(MethodDeclaration m, TypeDeclaration<?> type) {
        for (AnnotationExpr a : m.getAnnotations()) if (TEST_ANNOTATIONS.contains(a.getName().getIdentifier())) return true;
        boolean junit3 = type instanceof ClassOrInterfaceDeclaration c
                && c.getExtendedTypes().stream().anyMatch(t -> t.getNameAsString().endsWith("TestCase") || t.getNameAsString().endsWith("Test"));
        return junit3 && m.isPublic() && m.getType().isVoidType() && m.getParameters().isEmpty() && m.getNameAsString().startsWith("test");
    }

    /** Where a test method is, for building its examples. */
    private record TestSite(String artifact, String shortName, CompilationUnit unit, TypeDeclaration<?> type, SourceText source) {
    }

    private static List<AssertionExample> mineMethod(TestSite site, MethodDeclaration test, MainIndex index, Options options,
                                                     MineCounts counts, Map<String, Integer> idUses) {
        counts.add("test_methods", 1);
        List<ExpressionStmt> statements = AssertionStatements.of(test);
        if (statements.isEmpty()) {
            counts.add("without_assertions", 1);
            return List.of();
        }
        counts.add("with_assertions", 1);
        List<String> assertions = new ArrayList<>();
        for (ExpressionStmt s : statements) {
            Optional<String> line = AssertionStatements.oneLine(s);
            if (line.isEmpty()) {
                counts.add("multiline_literal_assertion", 1);
                return List.of();
            }
            assertions.add(line.get());
        }
        String pkg = site.unit().getPackageDeclaration().map(p -> p.getNameAsString()).orElse("");
        Optional<FocalClass> focalClass = index.classUnderTest(outermost(site.type()).getNameAsString(), pkg);
        if (focalClass.isEmpty()) {
            counts.add("no_focal_class", 1);
            return List.of();
        }
        FocalMatch match = FocalMatcher.match(focalClass.get(), site.type(), test, statements.getFirst());
        if (!(match instanceof FocalMatch.Found found)) {
            counts.add(((FocalMatch.NotFound) match).reason(), 1);
            return List.of();
        }
        counts.add("matched", 1);
        counts.add("matched_by_" + found.strategy(), 1);
        counts.add("assertions", assertions.size());

        var focalRange = found.method().getRange().orElseThrow();
        FocalClass fc = found.focalClass();
        String focalMethod = fc.source.cut(fc.source.begin(focalRange), fc.source.end(focalRange), focalRange.begin.column, List.of(), "");
        String testClass = site.type().getFullyQualifiedName().orElse(site.type().getNameAsString());
        String methodId = site.shortName() + ":" + testClass + "#" + test.getNameAsString();
        int use = idUses.merge(methodId, 1, Integer::sum);
        if (use > 1) methodId += "#" + use;
        String id = methodId;
        String outline = fc.outline(options.maxFocalFileChars());
        if (options.task() == AssertionTask.METHOD) {
            return List.of(new AssertionExample(id, focalMethod, maskAll(test, statements, site.source()), assertions, site.artifact(),
                    testClass, fc.qualifiedName, outline, methodId, null));
        }
        List<AssertionExample> out = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            AssertionPrefix.Cut cut = AssertionPrefix.of(test, statements.get(i), site.source(), PARSER.get());
            if (cut.masked() == null) {
                counts.add("skipped_" + cut.skipReason(), 1);
                continue;
            }
            counts.add("assertion_examples", 1);
            out.add(new AssertionExample(methodId + "@" + (i + 1), focalMethod, cut.masked(), List.of(assertions.get(i)), site.artifact(),
                    testClass, fc.qualifiedName, outline, methodId, null));
        }
        return out;
    }

    /** The whole test method with every assertion statement replaced by the placeholder (task {@code method}). */
    private static String maskAll(MethodDeclaration test, List<ExpressionStmt> statements, SourceText source) {
        List<int[]> spans = statements.stream().map(s -> new int[]{source.begin(s.getRange().orElseThrow()), source.end(s.getRange().orElseThrow())}).toList();
        var testRange = test.getRange().orElseThrow();
        return source.cut(source.begin(testRange), source.end(testRange), testRange.begin.column, spans, AssertionExample.PLACEHOLDER);
    }

    private static TypeDeclaration<?> outermost(TypeDeclaration<?> type) {
        TypeDeclaration<?> t = type;
        for (Optional<Node> p = type.getParentNode(); p.isPresent(); p = p.get().getParentNode())
            if (p.get() instanceof TypeDeclaration<?> outer) t = outer;
        return t;
    }
}
