package dev.retort.kd.mine;

import dev.retort.core.BadInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What {@code kd mine} mines, before it mines: Maven artifacts resolved to their source jars (one that fails is kept as
 * {@link AssertionMiner.Unresolved}, announced, and recorded as failed in {@code mine_report.json}), the files to hash
 * into {@code run.json}, and how the sources read in its config.
 */
public final class MiningSources {
    /** The artifact mined when none is named. */
    public static final String DEFAULT_ARTIFACT = "org.apache.commons:commons-lang3:3.17.0";

    private MiningSources() {
    }

    /** Each artifact's source jars from ~/.m2 or Maven Central, in order; {@code warnings} hears of each that fails. */
    public static List<AssertionMiner.Source> resolve(List<String> artifacts, Consumer<String> warnings) {
        ArtifactSources maven = new ArtifactSources();
        List<AssertionMiner.Source> out = new ArrayList<>();
        for (String gav : artifacts.isEmpty() ? List.of(DEFAULT_ARTIFACT) : artifacts) {
            AssertionMiner.Source s = AssertionMiner.Corpus.tryResolve(gav, maven);
            if (s instanceof AssertionMiner.Unresolved u) {
                warnings.accept(gav + ": " + u.error().getMessage() + " (recorded in mine_report.json; going on)");
            }
            out.add(s);
        }
        return out;
    }

    /**
     * The training-only artifacts, checked against the sources mined for evaluation: none may be one of them (its test
     * examples would be both trained on and evaluated), and there must be some of those.
     */
    public static List<String> trainOnly(List<String> artifacts, List<AssertionMiner.Source> evaluated) {
        if (evaluated.isEmpty()) throw new BadInputException("training-only artifacts need at least one artifact to evaluate on");
        for (AssertionMiner.Source s : evaluated) {
            if (artifacts.contains(s.artifact())) {
                throw new BadInputException(s.artifact() + " is both mined for evaluation and listed for training only; drop it from one list");
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(artifacts));
    }

    /** The jars and folders the run reads, for {@code run.json}'s hashes. */
    public static List<Path> inputs(List<AssertionMiner.Source> sources) {
        List<Path> out = new ArrayList<>();
        for (AssertionMiner.Source s : sources) {
            if (s instanceof AssertionMiner.Corpus c) {
                out.add(c.sources());
                out.add(c.testSources());
            }
        }
        return out;
    }

    /** The run's config: each source (its jars or why it failed) and the mining options. */
    public static Map<String, Object> config(List<AssertionMiner.Source> sources, AssertionMiner.Options options) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("corpora", sources.stream().map(s -> {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("artifact", s.artifact());
            switch (s) {
                case AssertionMiner.Corpus c -> {
                    m.put("sources", c.sources().toString());
                    m.put("test_sources", c.testSources().toString());
                }
                case AssertionMiner.Unresolved u -> m.put("unresolved", u.error().getMessage());
            }
            return m;
        }).toList());
        config.put("max_focal_file_chars", options.maxFocalFileChars());
        config.put("task", options.task().label());
        config.put("split", options.split().label());
        return config;
    }
}
