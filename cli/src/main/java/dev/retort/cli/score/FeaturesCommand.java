package dev.retort.cli.score;

import dev.retort.cli.EngineOptions;
import dev.retort.cli.InputOptions;
import dev.retort.core.io.BadRecords;
import dev.retort.core.run.RunDirectory;
import dev.retort.score.FeatureTable;
import dev.retort.score.Reduction;
import dev.retort.score.ScoreFeatures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        var o = new ScoreFeatures.Options(topk, primary, secondary, evaluator, mask, items, textField, qualityField, labelField, reference,
                embedder, temperature, Reduction.parse(reduction));
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        RunDirectory run = RunDirectory.create("score-features", outputDir, args, o.config(), o.inputs());
        BadRecords bad = input.badRecords();
        FeatureTable table = ScoreFeatures.run(o, run, bad, String.join(" ", args));
        var out = spec.commandLine().getOut();
        out.println("items " + table.size() + ", features " + table.names() + (bad.skipped() > 0 ? ", skipped " + bad.skipped() + " bad records" : ""));
        out.println("wrote " + run.file("features.csv"));
        return 0;
    }
}
