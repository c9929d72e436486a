package dev.retort.kd.pretrain;

import dev.retort.core.BadInputException;
import dev.retort.core.Rng;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.JsonlReader;
import dev.retort.core.io.JsonlWriter;
import dev.retort.kd.mine.JavaSources;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Unlabelled Java for denoising pretraining: the {@code .java} files of each artifact's {@code -sources.jar} (main
 * code only; no corpus artifact's {@code -test-sources.jar} is ever resolved or read), with a leading license
 * comment removed and line endings normalized, identical files kept once, and a seeded slice of the files held out
 * for validation loss. An artifact that cannot be resolved or read is recorded in the report and skipped.
 *
 * <p>Excluded artifacts (the evaluation artifacts, e.g. commons-lang3) are left out entirely: an artifact in the list
 * with the same groupId:artifactId (any version) is skipped, and any file of another artifact whose text, or whose
 * path, equals a file of an excluded artifact's {@code -sources.jar} or {@code -test-sources.jar} is dropped, so a
 * copied or shaded class of the evaluation artifact cannot leak its tests' focal code into pretraining. Those
 * test-sources jars are read only to build that exclusion set.
 */
public record PretrainCorpus(List<SourceFile> train, List<SourceFile> heldOut, Report report) {
    /** One Java file: its artifact (G:A:V), path inside the jar, and text as the corpus keeps it. */
    public record SourceFile(String artifact, String path, String text) {
    }

    /** Where jars come from ({@code ArtifactSources} in a run; fixtures in tests). Either method may throw. */
    public interface SourceJars {
        Path sources(String coordinates);

        Path testSources(String coordinates);
    }

    /** status: ok, failed (error says why) or excluded. */
    public record ArtifactReport(String coordinates, String status, int files, int duplicates, int excludedFiles, String error) {
    }

    /**
     * @param excludedTexts   distinct file texts of the excluded artifacts (main and test sources) matched against
     * @param exclusionErrors excluded artifacts whose jars could not be read (their G:A is still skipped)
     */
    public record Report(List<ArtifactReport> artifacts, List<String> excludedArtifacts, int excludedTexts, List<String> exclusionErrors,
                         boolean testSourcesRead, String note, int files, int trainFiles, int heldOutFiles) {
    }

    static final String NOTE = "Only each corpus artifact's -sources.jar (main code) is read; no corpus artifact's -test-sources.jar "
            + "is resolved or read. Excluded artifacts are skipped by groupId:artifactId, and every file whose text or path equals a "
            + "file of an excluded artifact's -sources.jar or -test-sources.jar is left out.";
    private static final Pattern GAV = Pattern.compile("[^:\\s]+:[^:\\s]+:[^:\\s]+");
    private static final Pattern LICENSE_HEADER = Pattern.compile("\\A\\s*/\\*.*?\\*/\\s*", Pattern.DOTALL);

    /** Builds the corpus; {@code rng} draws the held-out files (at least one when there are two or more files). */
    public static PretrainCorpus build(List<String> artifacts, List<String> excluded, SourceJars jars, double heldOutFraction, Rng rng) {
        return assemble(artifacts, excluded, jars, gav -> artifactFiles(gav, jars), heldOutFraction, rng);
    }

    /**
     * One corpus artifact's files before exclusion and dedup: the {@code .java} files of its {@code -sources.jar}, path →
     * text as the corpus keeps it, in the jar's order. Throws when the jar cannot be resolved or read (the artifact fails).
     */
    public static Map<String, String> artifactFiles(String gav, SourceJars jars) {
        Map<String, String> out = new LinkedHashMap<>();
        JavaSources.read(jars.sources(gav)).files().forEach((path, text) -> out.put(path, clean(text)));
        return out;
    }

    /**
     * {@link #build} with each artifact's files from {@code filesOf} ({@link #artifactFiles} there; the Spark job reads
     * them from its partitions): an artifact whose call throws is reported failed with the exception's message. It is
     * called only for artifacts that are not excluded, in list order; {@code jars} serves the excluded artifacts.
     */
    public static PretrainCorpus assemble(List<String> artifacts, List<String> excluded, SourceJars jars,
                                          Function<String, Map<String, String>> filesOf, double heldOutFraction, Rng rng) {
        Exclusions exclusions = Exclusions.of(excluded, jars);
        Set<String> seen = new HashSet<>();
        List<SourceFile> files = new ArrayList<>();
        List<ArtifactReport> reports = new ArrayList<>();
        for (String gav : artifacts) {
            if (exclusions.groupArtifacts().contains(groupArtifact(gav))) {
                reports.add(new ArtifactReport(gav, "excluded", 0, 0, 0, null));
                continue;
            }
            Map<String, String> sources;
            try {
                sources = filesOf.apply(gav);
            } catch (RuntimeException e) {
                reports.add(new ArtifactReport(gav, "failed", 0, 0, 0, e.getMessage()));
                continue;
            }
            int kept = 0, duplicates = 0, dropped = 0;
            for (var e : sources.entrySet()) {
                String text = e.getValue();
                if (exclusions.paths().contains(e.getKey()) || exclusions.texts().contains(text)) dropped++;
                else if (!seen.add(text)) duplicates++;
                else {
                    files.add(new SourceFile(gav, e.getKey(), text));
                    kept++;
                }
            }
            reports.add(new ArtifactReport(gav, "ok", kept, duplicates, dropped, null));
        }
        Set<Integer> held = heldOutIndices(files.size(), heldOutFraction, rng);
        List<SourceFile> train = new ArrayList<>(), heldOut = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) (held.contains(i) ? heldOut : train).add(files.get(i));
        Report report = new Report(reports, List.copyOf(excluded), exclusions.texts().size(), exclusions.errors(), false, NOTE,
                files.size(), train.size(), heldOut.size());
        return new PretrainCorpus(train, heldOut, report);
    }

    /** Line endings normalized to \n and a leading block comment (the license header) removed. */
    static String clean(String text) {
        String unix = text.replace("\r\n", "\n").replace('\r', '\n');
        var header = LICENSE_HEADER.matcher(unix);
        return header.lookingAt() && header.group().toLowerCase(Locale.ROOT).matches("(?s).*(license|copyright).*")
                ? unix.substring(header.end()) : unix;
    }

    private static Set<Integer> heldOutIndices(int n, double fraction, Rng rng) {
        if (!(fraction >= 0 && fraction < 1)) throw new BadInputException("--held-out-fraction must be in [0, 1), got " + fraction);
        int count = n < 2 ? 0 : (int) Math.max(1, Math.round(n * fraction));
        int[] order = rng.permutation(n);
        Set<Integer> held = new HashSet<>();
        for (int i = 0; i < count; i++) held.add(order[i]);
        return held;
    }

    static String groupArtifact(String gav) {
        return gav.substring(0, gav.lastIndexOf(':'));
    }

    /** What the excluded artifacts contribute: their G:A, file paths and file texts (main and test sources). */
    private record Exclusions(Set<String> groupArtifacts, Set<String> paths, Set<String> texts, List<String> errors) {
        static Exclusions of(List<String> excluded, SourceJars jars) {
            Exclusions x = new Exclusions(new HashSet<>(), new HashSet<>(), new HashSet<>(), new ArrayList<>());
            for (String gav : excluded) {
                if (!GAV.matcher(gav).matches()) throw new BadInputException("--exclude-artifacts: expected groupId:artifactId:version, found '" + gav + "'");
                x.groupArtifacts().add(groupArtifact(gav));
                x.add(gav, "sources", () -> jars.sources(gav));
                x.add(gav, "test-sources", () -> jars.testSources(gav));
            }
            return x;
        }

        private void add(String gav, String classifier, java.util.function.Supplier<Path> jar) {
            try {
                JavaSources.read(jar.get()).files().forEach((path, text) -> {
                    paths.add(path);
                    texts.add(clean(text));
                });
            } catch (RuntimeException e) {
                errors.add(gav + " " + classifier + ": " + e.getMessage());
            }
        }
    }

    /** Writes the files of the corpus, one JSON object (artifact, path, text) per line, so a resumed run reads the same corpus. */
    public static void write(Path file, List<SourceFile> files) {
        try (JsonlWriter out = JsonlWriter.create(file)) {
            for (SourceFile f : files) out.write(f);
            out.commit();
        }
    }

    public static List<SourceFile> read(Path file) {
        return JsonlReader.readAll(file, BadRecords.failFast(),
                r -> new SourceFile(r.text("artifact"), r.text("path"), r.text("text")));
    }
}
