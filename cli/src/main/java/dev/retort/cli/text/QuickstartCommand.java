package dev.retort.cli.text;

import dev.retort.cli.EngineOptions;
import dev.retort.core.BadInputException;
import dev.retort.core.run.RunDirectory;
import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.index.CorpusIndex;
import dev.retort.text.index.Hit;
import dev.retort.text.index.Quickstart;
import dev.retort.text.index.VectorIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code retort quickstart}: a one-minute tour of the embedding side over the skills Q/A sample ({@link Quickstart} does
 * the work). Finds the bundled sample, asks the example query and any --query, and prints the hits and the retrieval
 * measures.
 */
@Command(mixinStandardHelpOptions = true, name = "quickstart",
        description = {"A one-minute tour of the embedding side: semantic search over the skills Q/A sample, with a report.", "", "Build a semantic index over the answers of the skills Q/A sample (data/skills-qa), answer an "
                + "example query (and any --query), measure how often each sample question finds its own answer, "
                + "and write everything to a run directory with a report.html."},
        footer = {"", "Examples:",
                "  retort quickstart",
                "  retort quickstart --query \"How do I compile Prolog to Bash?\" --query \"What is a transpiler target?\"",
                "  retort quickstart --model minilm --kind hnsw --output-dir results/qs-minilm"})
public final class QuickstartCommand implements Callable<Integer> {
    static final String EXAMPLE_QUERY = "How can I pull structured records out of Markdown files as JSON?";
    static final String SAMPLE = "data/skills-qa/skills_qa.jsonl";

    @Spec
    CommandSpec spec;
    @Mixin
    EngineOptions engine;

    @Option(names = "--data", paramLabel = "FILE.jsonl", description = "Q/A records with question and answer fields (default: the bundled " + SAMPLE + ").")
    Path data;

    @Option(names = "--query", paramLabel = "TEXT", description = "A question to answer from the index (repeatable; the example query is always asked).")
    List<String> queries = new ArrayList<>();

    @Option(names = "--model", defaultValue = "minilm-q", paramLabel = "minilm|minilm-q|bge", description = "Embedding model (default: ${DEFAULT-VALUE}, the fastest).")
    String model;

    @Option(names = "--kind", defaultValue = "exact", paramLabel = "exact|hnsw", description = "Index kind (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--output-dir", paramLabel = "DIR", description = "Run directory (default: results/quickstart-<timestamp>).")
    Path outputDir;

    @Override
    public Integer call() {
        int threads = engine.start().threads();
        Path input = data != null ? data : bundledSample();
        EmbeddingModel m = EmbeddingModel.parse(model);
        List<String> asked = new ArrayList<>(List.of(EXAMPLE_QUERY));
        asked.addAll(queries);
        Quickstart.Options options = new Quickstart.Options(input, m, VectorIndex.Kind.parse(kind), asked, threads);
        RunDirectory run = RunDirectory.create("quickstart", outputDir, spec.commandLine().getParseResult().originalArgs(), options.config(), List.of(input));
        Quickstart.Result r = Quickstart.run(options, run);

        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "indexed %d distinct answers from %s with %s (%.0f texts/s)%n", r.answers(), input, m,
                r.built().embedding().textsPerSecond());
        for (int q = 0; q < asked.size(); q++) {
            w.println("query: " + asked.get(q));
            for (Hit h : r.queryHits().get(q)) {
                w.printf(Locale.ROOT, "  %.4f  %-34s %s%n", h.score(), CorpusIndex.snippet(h, "cluster_id", 34), CorpusIndex.snippet(h, "answer", 90));
            }
        }
        Quickstart.Retrieval own = r.ownAnswer(), cluster = r.ownCluster();
        int k = Quickstart.K;
        w.printf(Locale.ROOT, "%d sample questions searched (no training; questions and answers both come from the sample):%n"
                        + "  own answer:  recall@1 %.3f, recall@%d %.3f, MRR@%d %.3f%n  own cluster: recall@1 %.3f, recall@%d %.3f, MRR@%d %.3f%n",
                own.questions(), own.recallAt1(), k, own.recallAtK(), k, own.mrr(),
                cluster.recallAt1(), k, cluster.recallAtK(), k, cluster.mrr());
        w.println("run directory: " + run.path() + " (open report.html)");
        return 0;
    }

    /** data/skills-qa/skills_qa.jsonl in the working directory, else in the checkout the running jar was built in. */
    private static Path bundledSample() {
        Path here = Path.of(SAMPLE);
        if (Files.isRegularFile(here)) return here;
        try {
            Path jar = Path.of(QuickstartCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = jar.getParent(); dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve(SAMPLE))) return dir.resolve(SAMPLE);
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the message below
        }
        throw new BadInputException("cannot find " + SAMPLE + "; run from the retort checkout or pass --data FILE.jsonl");
    }
}
