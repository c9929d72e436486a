package dev.retort.score;

import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.JsonRecord;
import dev.retort.core.io.JsonlReader;
import dev.retort.core.io.Npy;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.run.RunDirectory;
import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.SentenceEmbedder;
import dev.retort.text.index.VectorIndex;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code retort score features}: reads model outputs (one JSONL of top-k log-probabilities, or logits arrays with an
 * items file), computes f6 against reference examples when given, builds the seven features ({@link FeatureBuilder})
 * and writes features.csv and report.html into a run directory.
 */
public final class ScoreFeatures {
    /**
     * Exactly one of {@code topk} and {@code primary}; {@code secondary} may be empty; the other paths may be null.
     *
     * @param reference known-good examples for f6: a JSONL with {@code textField}, or an index directory
     * @param embedder  the sentence-embedding model for f6, as {@link EmbeddingModel#parse} reads it
     */
    public record Options(Path topk, Path primary, List<Path> secondary, Path evaluator, Path mask, Path items, String textField,
                          String qualityField, String labelField, Path reference, String embedder, double temperature, Reduction reduction) {
        public Options {
            if ((topk == null) == (primary == null)) throw new BadInputException("give exactly one of --topk FILE.jsonl or --primary P.npy");
            secondary = List.copyOf(secondary);
        }

        /** Every input file, for run.json's hashes. */
        public List<Path> inputs() {
            List<Path> in = new ArrayList<>();
            for (Path p : new Path[]{topk, primary, evaluator, mask, items, reference}) if (p != null) in.add(p);
            in.addAll(secondary);
            return in;
        }

        /** The resolved configuration recorded in run.json. */
        public Map<String, Object> config() {
            return ScoreReports.ordered("temperature", temperature, "reduction", reduction.label(), "label_field", String.valueOf(labelField),
                    "quality_field", qualityField, "text_field", textField, "embedder", reference == null ? "none" : embedder);
        }
    }

    private ScoreFeatures() {
    }

    /** Builds the table, writes features.csv and report.html into {@code run}; {@code commandLine} is quoted in the report. */
    public static FeatureTable run(Options o, RunDirectory run, BadRecords bad, String commandLine) {
        List<ItemOutputs> outputs = outputs(o, bad);
        FeatureTable table = FeatureBuilder.build(outputs, o.temperature(), o.reduction(), knn(o, outputs, bad));
        table.writeCsv(run.file("features.csv"));
        new HtmlReport("retort score features")
                .keyValues("Summary", ScoreReports.ordered("items", table.size(), "features", String.join(", ", table.names()),
                        "skipped bad records", bad.skipped(), "labelled", table.labels() != null))
                .table("Feature statistics (AUROC of the raw feature against the label; < 0.5 means lower is better)",
                        List.of("feature", "mean", "sd", "min", "max", "AUROC vs label"), statistics(table))
                .code(commandLine)
                .write(run.file("report.html"));
        return table;
    }

    private static List<ItemOutputs> outputs(Options o, BadRecords bad) {
        if (o.topk() == null) {
            List<JsonRecord> recs = o.items() == null ? null : JsonlReader.readAll(o.items());
            return ItemOutputs.fromLogits(NpyInput.logits(o.primary()), o.secondary().stream().map(NpyInput::logits).toList(),
                    o.evaluator() == null ? null : NpyInput.logits(o.evaluator()), o.mask() == null ? null : Npy.read(o.mask()), recs,
                    o.textField(), o.qualityField(), o.labelField());
        }
        List<ItemOutputs> outputs = new ArrayList<>();
        for (JsonRecord rec : JsonlReader.open(o.topk(), bad)) {
            try {
                outputs.add(ItemOutputs.fromTopK(rec, o.textField(), o.qualityField(), o.labelField()));
            } catch (BadInputException e) {
                bad.handle(e);
            }
        }
        return outputs;
    }

    /** f6 per item (its highest cosine to a reference example), or null without --reference. */
    private static double[] knn(Options o, List<ItemOutputs> outputs, BadRecords bad) {
        if (o.reference() == null) return null;
        List<String> texts = outputs.stream().map(ItemOutputs::text).toList();
        if (texts.stream().anyMatch(String::isBlank)) throw new BadInputException("f6 needs the text of every item: give --items with a '" + o.textField() + "' field");
        EmbeddingModel model = EmbeddingModel.parse(o.embedder());
        if (Files.isDirectory(o.reference())) {
            try (SentenceEmbedder emb = SentenceEmbedder.open(model)) {
                return KnnSimilarity.maxCosine(texts, VectorIndex.load(o.reference()), emb);
            }
        }
        List<String> examples = JsonlReader.readAll(o.reference(), bad, rec -> rec.text(o.textField()));
        return KnnSimilarity.maxCosine(texts, examples, model);
    }

    /** Per feature: mean, sd, min, max and (labelled tables) AUROC against the label. */
    static List<List<String>> statistics(FeatureTable table) {
        List<List<String>> rows = new ArrayList<>();
        for (int j = 0; j < table.names().size(); j++) {
            double[] c = table.column(j);
            double mean = Arrays.stream(c).average().orElse(Double.NaN);
            double sd = Math.sqrt(Arrays.stream(c).map(v -> (v - mean) * (v - mean)).average().orElse(Double.NaN));
            rows.add(List.of(table.names().get(j), ScoreReports.f(mean), ScoreReports.f(sd),
                    ScoreReports.f(Arrays.stream(c).min().orElse(Double.NaN)), ScoreReports.f(Arrays.stream(c).max().orElse(Double.NaN)),
                    table.labels() == null ? "n/a" : ScoreReports.f(ScoreMetrics.auroc(c, table.labels()))));
        }
        return rows;
    }
}
