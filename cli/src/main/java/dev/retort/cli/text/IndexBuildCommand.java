package dev.retort.cli.text;

import dev.retort.text.embed.TextInput;
import dev.retort.text.index.CorpusIndex;
import dev.retort.cli.EngineOptions;
import dev.retort.cli.InputOptions;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Hashing;
import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.SentenceEmbedder;
import dev.retort.text.index.VectorIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code retort index build}: embed one field of every record and save a searchable index directory. */
@Command(mixinStandardHelpOptions = true, name = "build",
        description = {"Embed one text field of a JSONL file and save a vector index.", "", "Embed one text field of every JSONL record (as a passage) and save a vector index directory. "
                + "Each item keeps its whole record as metadata, so search can show any field."},
        footer = {"", "Examples:",
                "  retort index build --data data/skills-qa/skills_qa.jsonl --field answer --distinct --out skills-index",
                "  retort index build --data docs.jsonl.gz --field text --model bge --kind hnsw --out docs-index",
                "", "--kind exact scans every vector (one matrix product per query batch); hnsw walks a graph "
                + "(approximate, faster on large indexes)."})
public final class IndexBuildCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    EngineOptions engine;
    @Mixin
    InputOptions input;
    @Mixin
    ModelOption modelOption;

    @Option(names = "--data", required = true, paramLabel = "IN.jsonl", description = "Records to index (JSONL, .gz allowed).")
    Path data;

    @Option(names = "--field", required = true, paramLabel = "NAME", description = "The string field to embed and index, e.g. answer.")
    String field;

    @Option(names = "--kind", defaultValue = "exact", paramLabel = "exact|hnsw", description = "Index kind (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--distinct", description = "Index each distinct text once (the first record that has it).")
    boolean distinct;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Index directory to create (replaced if it holds an index).")
    Path out;

    @Override
    public Integer call() {
        int threads = engine.start().threads();
        EmbeddingModel m = modelOption.model();
        VectorIndex.Kind k = VectorIndex.Kind.parse(kind);
        BadRecords bad = input.badRecords();
        List<TextInput> items = TextInput.read(data, field, bad);
        if (distinct) items = CorpusIndex.distinct(items);
        CorpusIndex.Built built;
        try (SentenceEmbedder embedder = SentenceEmbedder.open(m, threads)) {
            built = CorpusIndex.build(embedder, items, field, k);
        }
        VectorIndex index = built.index();
        CorpusIndex.recordSource(index, data.toString(), Hashing.sha256(data), distinct, bad.skipped());
        index.save(out);

        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "indexed %d texts from %s field '%s' with %s (%s, %.0f texts/s) into %s%n",
                index.size(), data, field, m, k.cliName(), built.embedding().textsPerSecond(), out);
        if (bad.skipped() > 0) w.printf("skipped %d bad records; first: %s%n", bad.skipped(), bad.examples().getFirst());
        return 0;
    }
}
