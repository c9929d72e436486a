package dev.retort.cli.score;

import dev.retort.cli.EngineOptions;
import dev.retort.cli.InputOptions;
import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.JsonRecord;
import dev.retort.core.io.JsonlReader;
import dev.retort.core.io.NdArray;
import dev.retort.core.io.Npy;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.run.RunDirectory;
import dev.retort.score.NpyInput;
import dev.retort.score.FeatureBuilder;
import dev.retort.score.FeatureTable;
import dev.retort.score.ItemOutputs;
import dev.retort.score.KnnSimilarity;
import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.SentenceEmbedder;
import dev.retort.text.index.VectorIndex;
import dev.retort.score.Reduction;
import dev.retort.score.ScoreMetrics;
import dev.retort.score.ScoreReports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "features",
        mixinStandardHelpOptions = true,
        description = {"Builds the seven confidence features (f1–f7) per item from model outputs and writes features.csv.",
                "Input is either one JSONL of top-k log-probabilities (--topk) or per-token logits arrays (--primary …)."},
        footer = {"", "Examples:",
                "  retort score features --topk outputs.jsonl --label-field correct",
                "  retort score features --primary p.npy --secondary s1.npy --secondary s2.npy --evaluator e.npy \\",
                "      --mask mask.npy --items items.jsonl --label-field correct",
                "JSONL record: {\"id\", \"text\", \"quality\", <label>, \"primary\": [position…], \"secondary\": [[position…]…], \"evaluator\": [position…]}",
                "position: [{\"token\": \"a\", \"logprob\": -0.1}, …] or {\"a\": -0.1, …}. See docs/score.md."})
public final class FeaturesCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;
    @Mixin
    InputOptions input;
    @Spec
    CommandSpec spec;

    @Option(names = "--topk", paramLabel = "FILE.jsonl", description = "Items with top-k log-probabilities of every model.")
    Path topk;
    @Option(names = "--primary", paramLabel = "P.npy", description = "Primary model logits [items, seq, vocab].")
    Path primary;
    @Option(names = "--secondary", paramLabel = "S.npy", description = "A secondary (ensemble) model's logits, same shape as --primary; repeat for N models.")
    List<Path> secondary = new ArrayList<>();
    @Option(names = "--evaluator", paramLabel = "E.npy", description = "Evaluator model logits [items, seq', vocab'].")
    Path evaluator;
    @Option(names = "--mask", paramLabel = "M.npy", description = "Padding mask [items, seq] for --primary/--secondary.")
    Path mask;
    @Option(names = "--items", paramLabel = "FILE.jsonl", description = "With logits arrays: one record per item (id, text, quality, label).")
    Path items;
    @Option(names = "--text-field", defaultValue = "text", description = "Item text field (default: ${DEFAULT-VALUE}).")
    String textField;
    @Option(names = "--quality-field", defaultValue = "quality", description = "Quality metadata field for f7 (default: ${DEFAULT-VALUE}).")
    String qualityField;
    @Option(names = "--label-field", paramLabel = "FIELD", description = "0/1 label to carry into the table (optional).")
    String labelField;
    @Option(names = "--reference", paramLabel = "FILE.jsonl|INDEX_DIR",
            description = "Known-good examples for f6 (KNN similarity): a JSONL with a text field, or an index directory from 'retort index build'.")
    Path reference;
    @Option(names = "--embedder", defaultValue = "minilm", paramLabel = "minilm|minilm-q|bge",
            description = "Sentence-embedding model for f6 (default: ${DEFAULT-VALUE}); must match the index's model.")
    String embedder;
    @Option(names = "--temperature", defaultValue = "1.0", description = "Softmax temperature (default: ${DEFAULT-VALUE}).")
    double temperature;
    @Option(names = "--reduction", defaultValue = "mean", paramLabel = "mean|max|weighted_mean", description = "Sequence aggregation for f1, f3, f4 (default: ${DEFAULT-VALUE}).")
    String reduction;
    @Option(names = "--output-dir", paramLabel = "DIR", description = "Run directory (default: results/score-features-<time>).")
    Path outputDir;

    @Override
    public Integer call() {
        engine.start();
        if ((topk == null) == (primary == null)) throw new BadInputException("give exactly one of --topk FILE.jsonl or --primary P.npy");
        Reduction r = Reduction.parse(reduction);
        List<Path> inputs = new ArrayList<>();
        for (Path p : new Path[]{topk, primary, evaluator, mask, items, reference}) if (p != null) inputs.add(p);
        inputs.addAll(secondary);
        RunDirectory run = RunDirectory.create("score-features", outputDir, spec.commandLine().getParseResult().originalArgs(),
                ScoreReports.ordered("temperature", temperature, "reduction", r.label(), "label_field", String.valueOf(labelField),
                        "quality_field", qualityField, "text_field", textField, "embedder", reference == null ? "none" : embedder), inputs);
        BadRecords bad = input.badRecords();
        List<ItemOutputs> outputs;
        if (topk != null) {
            outputs = new ArrayList<>();
            for (JsonRecord rec : JsonlReader.open(topk, bad)) {
                try {
                    outputs.add(ItemOutputs.fromTopK(rec, textField, qualityField, labelField));
                } catch (BadInputException e) {
                    bad.handle(e);
                }
            }
        } else {
            List<JsonRecord> recs = items == null ? null : JsonlReader.readAll(items);
            outputs = ItemOutputs.fromLogits(NpyInput.logits(primary), secondary.stream().map(NpyInput::logits).toList(),
                    evaluator == null ? null : NpyInput.logits(evaluator), mask == null ? null : Npy.read(mask), recs, textField, qualityField, labelField);
        }
        double[] knn = null;
        if (reference != null) {
            List<String> texts = outputs.stream().map(ItemOutputs::text).toList();
            if (texts.stream().anyMatch(String::isBlank)) throw new BadInputException("f6 needs the text of every item: give --items with a '" + textField + "' field");
            EmbeddingModel model = EmbeddingModel.parse(embedder);
            if (java.nio.file.Files.isDirectory(reference)) {
                try (SentenceEmbedder emb = SentenceEmbedder.open(model)) {
                    knn = KnnSimilarity.maxCosine(texts, VectorIndex.load(reference), emb);
                }
            } else {
                List<String> examples = JsonlReader.readAll(reference, bad, rec -> rec.text(textField));
                knn = KnnSimilarity.maxCosine(texts, examples, model);
            }
        }
        FeatureTable table = FeatureBuilder.build(outputs, temperature, r, knn);
        table.writeCsv(run.file("features.csv"));

        List<List<String>> rows = new ArrayList<>();
        for (int j = 0; j < table.names().size(); j++) {
            double[] c = table.column(j);
            double mean = Arrays.stream(c).average().orElse(Double.NaN);
            double sd = Math.sqrt(Arrays.stream(c).map(v -> (v - mean) * (v - mean)).average().orElse(Double.NaN));
            rows.add(List.of(table.names().get(j), ScoreReports.f(mean), ScoreReports.f(sd),
                    ScoreReports.f(Arrays.stream(c).min().orElse(Double.NaN)), ScoreReports.f(Arrays.stream(c).max().orElse(Double.NaN)),
                    table.labels() == null ? "n/a" : ScoreReports.f(ScoreMetrics.auroc(c, table.labels()))));
        }
        new HtmlReport("retort score features")
                .keyValues("Summary", ScoreReports.ordered("items", table.size(), "features", String.join(", ", table.names()),
                        "skipped bad records", bad.skipped(), "labelled", table.labels() != null))
                .table("Feature statistics (AUROC of the raw feature against the label; < 0.5 means lower is better)",
                        List.of("feature", "mean", "sd", "min", "max", "AUROC vs label"), rows)
                .code(String.join(" ", spec.commandLine().getParseResult().originalArgs()))
                .write(run.file("report.html"));
        var out = spec.commandLine().getOut();
        out.println("items " + table.size() + ", features " + table.names() + (bad.skipped() > 0 ? ", skipped " + bad.skipped() + " bad records" : ""));
        out.println("wrote " + run.file("features.csv"));
        return 0;
    }
}
