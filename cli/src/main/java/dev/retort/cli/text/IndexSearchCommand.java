package dev.retort.cli.text;

import dev.retort.text.embed.TextInput;
import dev.retort.text.index.CorpusIndex;
import dev.retort.cli.EngineOptions;
import dev.retort.cli.InputOptions;
import dev.retort.core.BadInputException;
import dev.retort.core.io.JsonlWriter;
import dev.retort.text.embed.SentenceEmbedder;
import dev.retort.text.index.Hit;
import dev.retort.text.index.VectorIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code retort index search}: ranked hits for text queries, embedded with the index's own model. */
@Command(mixinStandardHelpOptions = true, name = "search",
        description = {"Search an index with text queries; print ranked hits.", "", "Search an index built by 'retort index build' with text queries (embedded with the index's model, "
                + "as queries) and print the ranked hits: rank, score (cosine similarity), id and one metadata field."},
        footer = {"", "Examples:",
                "  retort index search --index skills-index \"How do I parse markdown files?\"",
                "  retort index search --index skills-index --k 3 --show cluster_id --queries questions.jsonl --field question --out hits.jsonl"})
public final class IndexSearchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    EngineOptions engine;
    @Mixin
    InputOptions input;

    @Option(names = "--index", required = true, paramLabel = "DIR", description = "Index directory.")
    Path indexDir;

    @Parameters(arity = "0..*", paramLabel = "QUERY", description = "Query texts.")
    List<String> queryTexts = new ArrayList<>();

    @Option(names = "--queries", paramLabel = "FILE.jsonl", description = "Also read queries from this JSONL file (see --field).")
    Path queryFile;

    @Option(names = "--field", defaultValue = "question", paramLabel = "NAME", description = "Query field in --queries records (default: ${DEFAULT-VALUE}).")
    String field;

    @Option(names = {"-k", "--k"}, defaultValue = "5", paramLabel = "N", description = "Hits per query (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--show", paramLabel = "FIELD", description = "Metadata field to print for each hit (default: the indexed field).")
    String show;

    @Option(names = "--out", paramLabel = "FILE.jsonl", description = "Also write one JSON line per query with its hits and full metadata.")
    Path out;

    @Override
    public Integer call() {
        int threads = engine.start().threads();
        if (k < 1) throw new BadInputException("--k must be at least 1, got " + k);
        List<String> queries = new ArrayList<>(queryTexts);
        if (queryFile != null) queries.addAll(TextInput.texts(TextInput.read(queryFile, field, input.badRecords())));
        if (queries.isEmpty()) throw new BadInputException("no query: give query text as an argument or --queries FILE.jsonl");
        VectorIndex index = VectorIndex.load(indexDir);
        String shown = show != null ? show : String.valueOf(index.properties().getOrDefault(CorpusIndex.FIELD, "text"));
        List<List<Hit>> results;
        try (SentenceEmbedder embedder = SentenceEmbedder.open(CorpusIndex.modelOf(index, indexDir), threads)) {
            results = CorpusIndex.search(embedder, index, queries, k);
        }
        PrintWriter w = spec.commandLine().getOut();
        for (int q = 0; q < queries.size(); q++) {
            w.println("query: " + queries.get(q));
            List<Hit> hits = results.get(q);
            for (int r = 0; r < hits.size(); r++) {
                Hit h = hits.get(r);
                w.printf(Locale.ROOT, "  %2d  %.4f  #%-6d %s%n", r + 1, h.score(), h.id(), CorpusIndex.snippet(h, shown, 110));
            }
        }
        if (out != null) writeHits(queries, results);
        return 0;
    }

    private void writeHits(List<String> queries, List<List<Hit>> results) {
        try (JsonlWriter writer = JsonlWriter.create(out)) {
            for (int q = 0; q < queries.size(); q++) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("query", queries.get(q));
                line.put("hits", results.get(q));
                writer.write(line);
            }
            writer.commit();
        }
    }
}
