package dev.retort.cli.text;

import dev.retort.text.embed.TextInput;
import dev.retort.text.embed.Embedding;
import dev.retort.text.embed.TextRole;
import dev.retort.cli.EngineOptions;
import dev.retort.cli.InputOptions;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.NdArray;
import dev.retort.core.io.Npy;
import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.SentenceEmbedder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code retort embed}: one text field of a JSONL file → a float32 .npy matrix of sentence embeddings. */
@Command(mixinStandardHelpOptions = true, name = "embed",
        description = {"Embed one text field of a JSONL file into a float32 .npy matrix.", "", "Embed one text field of every JSONL record with a packaged sentence-embedding model "
                + "(offline) and write the unit-length vectors as a float32 .npy matrix [records, 384], one row per "
                + "kept record in file order."},
        footer = {"", "Examples:",
                "  retort embed data/skills-qa/skills_qa.jsonl --field question --out questions.npy",
                "  retort embed --model bge --as query data/skills-qa/skills_qa.jsonl --field question --out q-bge.npy",
                
                "--as query adds the model's query instruction (bge has one; minilm does not)."})
public final class EmbedCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    EngineOptions engine;
    @Mixin
    InputOptions input;
    @Mixin
    ModelOption modelOption;

    @Parameters(index = "0", paramLabel = "IN.jsonl", description = "Input records (JSONL, .gz allowed).")
    Path in;

    @Option(names = "--field", required = true, paramLabel = "NAME", description = "The string field to embed, e.g. question.")
    String field;

    @Option(names = "--as", defaultValue = "passage", paramLabel = "query|passage",
            description = "Embed the texts as search queries or as passages to be searched (default: ${DEFAULT-VALUE}).")
    TextRole role;

    @Option(names = "--out", required = true, paramLabel = "FILE.npy", description = "Where to write the float32 matrix.")
    Path out;

    @Override
    public Integer call() {
        int threads = engine.start().threads();
        EmbeddingModel m = modelOption.model();
        BadRecords bad = input.badRecords();
        List<TextInput> items = TextInput.read(in, field, bad);
        Embedding.Result result;
        try (SentenceEmbedder embedder = SentenceEmbedder.open(m, threads)) {
            result = Embedding.run(embedder, TextInput.texts(items), role, "embed " + field);
        }
        int d = result.vectors()[0].length;
        float[] flat = new float[items.size() * d];
        for (int i = 0; i < items.size(); i++) System.arraycopy(result.vectors()[i], 0, flat, i * d, d);
        Npy.write(out, NdArray.ofFloats(flat, items.size(), d));

        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "wrote %s: %d × %d float32 (%s, as %s), %.0f texts/s%n", out, items.size(),
                d, m, role.name().toLowerCase(Locale.ROOT), result.textsPerSecond());
        if (bad.skipped() > 0) w.printf("skipped %d bad records; first: %s%n", bad.skipped(), bad.examples().getFirst());
        return 0;
    }
}
