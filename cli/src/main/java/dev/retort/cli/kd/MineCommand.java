package dev.retort.cli.kd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.cli.EngineOptions;
import dev.retort.core.BadInputException;
import dev.retort.core.run.RunDirectory;
import dev.retort.kd.mine.ArtifactList;
import dev.retort.kd.mine.AssertionMiner;
import dev.retort.kd.mine.MiningSources;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code retort kd mine}: (test method, focal method, assertions) examples from Java sources. */
@Command(name = "mine",
        mixinStandardHelpOptions = true,
        description = {"Mine assertion-generation examples from Java sources: every JUnit test method with assertions whose focal "
                + "method is found gives one record per assertion (--task assertion: the test up to that assertion's placeholder, "
                + "the assertion as target) or one record with all its assertions (--task method); fields focal_method, focal_file, "
                + "test_method_masked, assertions, method_id, split_group.",
                "Sources come from Maven artifacts (their -sources.jar and -test-sources.jar, from ~/.m2 or Maven Central) "
                        + "or from local folders. With several artifacts, an example equal to one of an earlier artifact (same masked test, "
                        + "focal method and assertions) is dropped, and an artifact that cannot be resolved or read is reported and skipped. "
                        + "Writes train.jsonl, valid.jsonl, test.jsonl (split by test method with --split in-project, "
                        + "by test class with --split new-class) and mine_report.json."},
        footer = {"", "Examples:",
                "  retort kd mine --artifact org.apache.commons:commons-lang3:3.17.0 --out data/kd/lang3",
                "  retort kd mine --artifact org.apache.commons:commons-lang3:3.17.0 --artifact org.apache.commons:commons-text:1.12.0 --out data/kd/commons",
                "  retort kd mine --artifacts artifacts.txt --out data/kd/many   # one G:A:V per line; failures are reported, not fatal",
                "  retort kd mine --train-artifacts more.txt --out data/kd/lang3-plus   # lang3's splits, more.txt's examples added to train",
                "  retort kd mine --src my-project/src/main/java --test-src my-project/src/test/java --out data/kd/mine"})
public final class MineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EngineOptions engine;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Sources sources;

    static final class Sources {
        @Option(names = "--artifact", paramLabel = "G:A:V", description = "A Maven artifact to mine (repeatable; default org.apache.commons:commons-lang3:3.17.0).")
        List<String> artifacts;

        @ArgGroup(exclusive = false)
        Folders folders;
    }

    @Option(names = "--artifacts", paramLabel = "FILE",
            description = "A file of Maven artifacts to mine, one groupId:artifactId:version per line (# comments, blank lines allowed); "
                    + "may be combined with --artifact (mined first), not with --src.")
    Path artifactList;

    @Option(names = "--train-artifacts", paramLabel = "FILE",
            description = "A file of Maven artifacts (as --artifacts) whose examples all go into the training split, after the others: "
                    + "more labelled data, while valid and test stay those of --artifact/--artifacts. Their examples equal to one of "
                    + "the others are dropped.")
    Path trainArtifactList;

    static final class Folders {
        @Option(names = "--src", required = true, paramLabel = "DIR", description = "Folder of the main Java sources.")
        Path src;

        @Option(names = "--test-src", required = true, paramLabel = "DIR", description = "Folder of the test Java sources.")
        Path testSrc;
    }

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write train/valid/test.jsonl, mine_report.json and run.json.")
    Path out;

    @Option(names = "--max-focal-file-chars", defaultValue = "4000", paramLabel = "N",
            description = "Cut focal_file (the class outline: fields and signatures) to N characters (default: ${DEFAULT-VALUE}).")
    int maxFocalFileChars;

    @Mixin
    TaskOptions taskOptions;

    @Override
    public Integer call() {
        engine.start();
        var options = new AssertionMiner.Options(engine.seed(), maxFocalFileChars, taskOptions.task(), taskOptions.split());
        List<AssertionMiner.Source> corpora = new ArrayList<>(sources());
        List<String> trainOnly = trainArtifactList == null ? List.of() : MiningSources.trainOnly(ArtifactList.read(trainArtifactList), corpora);
        if (!trainOnly.isEmpty()) corpora.addAll(MiningSources.resolve(trainOnly, w -> spec.commandLine().getErr().println("warning: " + w)));
        List<Path> inputs = new ArrayList<>(MiningSources.inputs(corpora));
        if (artifactList != null) inputs.add(artifactList);
        if (trainArtifactList != null) inputs.add(trainArtifactList);
        RunDirectory.create("kd-mine", out, spec.commandLine().getParseResult().originalArgs(), MiningSources.config(corpora, options), inputs);
        print(AssertionMiner.mine(corpora, options, out, java.util.Set.copyOf(trainOnly)), options, corpora.size());
        return 0;
    }

    /** The local folders, or the artifacts of --artifact and --artifacts resolved (lang3 when none is named). */
    private List<AssertionMiner.Source> sources() {
        if (sources != null && sources.folders != null) {
            if (artifactList != null) throw new BadInputException("--artifacts cannot be combined with --src/--test-src");
            return List.of(new AssertionMiner.Corpus(sources.folders.src.getFileName().toString(), sources.folders.src, sources.folders.testSrc));
        }
        List<String> gavs = new ArrayList<>();
        if (sources != null && sources.artifacts != null) gavs.addAll(sources.artifacts);
        if (artifactList != null) gavs.addAll(ArtifactList.read(artifactList));
        return MiningSources.resolve(gavs, w -> spec.commandLine().getErr().println("warning: " + w));
    }

    private void print(JsonNode report, AssertionMiner.Options options, int corpora) {
        JsonNode t = report.get("totals");
        var w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "test methods %d, with assertions %d, matched %d (by name %d, by partial name %d, by last call %d); unmatched: no focal class %d, no focal method %d, ambiguous overload %d%n",
                t.get("test_methods").asLong(), t.get("with_assertions").asLong(), t.get("matched").asLong(), t.get("matched_by_name").asLong(),
                t.get("matched_by_partial_name").asLong(), t.get("matched_by_last_call").asLong(), t.get("no_focal_class").asLong(), t.get("no_focal_method").asLong(), t.get("ambiguous_overload").asLong());
        w.printf(Locale.ROOT, "task %s, split %s: examples %d: train %d, valid %d, test %d; assertions per method mean %.2f, median %s%n",
                options.task().label(), options.split().label(), report.get("examples").asLong(), report.at("/splits/train/examples").asLong(), report.at("/splits/valid/examples").asLong(),
                report.at("/splits/test/examples").asLong(), report.at("/assertions_per_method/mean").asDouble(), report.at("/assertions_per_method/median").asText());
        var err = spec.commandLine().getErr();
        if (corpora > 1) {
            report.get("artifacts").properties().forEach(a -> {
                JsonNode c = a.getValue();
                if (c.get("status").asText().equals("failed")) w.printf(Locale.ROOT, "  %s: FAILED: %s%n", a.getKey(), c.get("error").asText());
                else w.printf(Locale.ROOT, "  %s: examples %d%s (duplicates of earlier artifacts dropped %d), matched methods %d of %d%n", a.getKey(),
                        c.get("examples").asLong(), c.path("train_only").asBoolean() ? ", all in train" : "", c.get("duplicates_dropped").asLong(),
                        c.get("matched").asLong(), c.get("test_methods").asLong());
            });
        }
        if (report.get("failures").size() > 0)
            err.printf(Locale.ROOT, "warning: %d of %d artifacts failed and were skipped (see failures in mine_report.json)%n", report.get("failures").size(), corpora);
        if (report.has("split_fallback")) err.println("warning: " + report.at("/split_fallback/reason").asText());
        if (t.get("parse_errors").asLong() > 0) w.printf("%d source files did not parse and were skipped%n", t.get("parse_errors").asLong());
        w.println("wrote " + out.resolve("train.jsonl") + ", valid.jsonl, test.jsonl and mine_report.json");
    }
}
