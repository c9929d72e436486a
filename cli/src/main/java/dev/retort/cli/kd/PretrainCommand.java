package dev.retort.cli.kd;

import dev.retort.cli.EngineOptions;
import dev.retort.core.run.RunDirectory;
import dev.retort.core.train.ResumeCheck;
import dev.retort.kd.mine.ArtifactList;
import dev.retort.kd.mine.ArtifactSources;
import dev.retort.kd.pretrain.PretrainCorpus;
import dev.retort.kd.pretrain.Pretrainer;
import dev.retort.kd.train.Seq2SeqTrainingLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(mixinStandardHelpOptions = true, name = "pretrain", defaultValueProvider = PretrainDefaults.class,
        description = {"Denoising pretraining (T5 span corruption) on the unlabelled Java of listed Maven artifacts.",
                "Reads the -sources.jar of each listed artifact (never a -test-sources.jar); 15 %% of the tokens, in spans of "
                        + "mean length 3, are replaced by sentinel tokens, and the target is the sentinels followed by their spans. "
                        + "Files of --exclude-artifacts (the evaluation artifacts) are left out entirely, identical files are kept "
                        + "once, and a seeded slice of the files is held out for validation loss.",
                "Writes run.json, corpus/, corpus_report.json, tokenizer.json, checkpoint/, best/ (lowest held-out loss), "
                        + "metrics, loss.png and report.html. Fine-tune the result with train-teacher --init-from <output-dir> "
                        + "and the same --preset, --max-input-len and --max-output-len."},
        footer = {"", "Examples:",
                "  retort kd pretrain --artifacts data/kd/pretrain-artifacts.txt \\",
                "      --output-dir results/pretrain --max-steps 20000 --stop-after 2000",
                "  retort kd pretrain --artifacts data/kd/pretrain-artifacts.txt \\",
                "      --output-dir results/pretrain --max-steps 20000 --resume   # next session",
                "  retort kd train-teacher --train data/kd/lang3/train.jsonl \\",
                "      --valid data/kd/lang3/valid.jsonl --preset student \\",
                "      --max-input-len 256 --max-output-len 64 --init-from results/pretrain"})
public final class PretrainCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;
    @Mixin
    EngineOptions engine;

    @Option(names = "--artifacts", required = true, paramLabel = "FILE",
            description = "Maven artifacts to read, one groupId:artifactId:version per line (# comments), e.g. data/kd/pretrain-artifacts.txt.")
    Path artifacts;
    @Option(names = "--exclude-artifacts", split = ",", paramLabel = "G:A:V",
            description = "Evaluation artifacts left out entirely: skipped in the list (any version), and every file equal to, or at the "
                    + "path of, a file of their -sources.jar or -test-sources.jar is dropped (default: ${DEFAULT-VALUE}).")
    List<String> excludeArtifacts;
    @Option(names = "--output-dir", paramLabel = "DIR", description = "Run directory (default: results/kd-pretrain-<timestamp>).")
    Path outputDir;
    @Option(names = "--preset", paramLabel = "NAME", description = "Model size: tiny, small, student or teacher (default: ${DEFAULT-VALUE}).")
    String preset;
    @Option(names = "--tokenizer", paramLabel = "FILE", description = "An existing tokenizer.json with sentinel tokens (default: train one on the training files).")
    Path tokenizer;
    @Option(names = "--vocab-size", paramLabel = "N", description = "Vocabulary size when training the tokenizer, 64 sentinels included (default: ${DEFAULT-VALUE}).")
    int vocabSize;
    @Option(names = "--max-input-len", paramLabel = "N", description = "Tokens per input chunk at most (default: ${DEFAULT-VALUE}).")
    int maxInputLen;
    @Option(names = "--max-output-len", paramLabel = "N", description = "Target tokens at most; chunks are cut short enough that the target fits (default: ${DEFAULT-VALUE}).")
    int maxOutputLen;
    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training chunks, each with a new corruption (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--batch-size", paramLabel = "N", description = "Chunks per micro-batch, grouped by length (default: ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--grad-accum", paramLabel = "N", description = "Micro-batches per optimizer step (default: ${DEFAULT-VALUE}).")
    int gradAccum;
    @Option(names = "--lr", paramLabel = "X", description = "Peak AdamW learning rate (default: ${DEFAULT-VALUE}).")
    double lr;
    @Option(names = "--weight-decay", paramLabel = "X", description = "AdamW weight decay on weight matrices; none on biases, LayerNorm and embeddings (default: ${DEFAULT-VALUE}).")
    double weightDecay;
    @Option(names = "--warmup-steps", paramLabel = "N", description = "Linear warmup steps, then linear decay to 0 (default: ${DEFAULT-VALUE}).")
    int warmupSteps;
    @Option(names = "--max-steps", paramLabel = "N", description = "Stop after N optimizer steps; 0 runs all epochs (default: ${DEFAULT-VALUE}).")
    int maxSteps;
    @Option(names = "--eval-every", paramLabel = "N", description = "Held-out loss and checkpoint every N steps (default: ${DEFAULT-VALUE}).")
    int evalEvery;
    @Option(names = "--stop-after", paramLabel = "N", description = "Checkpoint and stop after step N of the schedule, to continue later with --resume (default: run to the end).")
    int stopAfter;
    @Option(names = "--held-out-fraction", paramLabel = "X", description = "Share of files held out for validation loss (default: ${DEFAULT-VALUE}).")
    double heldOutFraction;
    @Option(names = "--held-out-chunks", paramLabel = "N", description = "Held-out chunks scored at each checkpoint, a seeded sample (default: ${DEFAULT-VALUE}).")
    int heldOutChunks;
    @Option(names = "--resume", description = "Continue from <output-dir>/checkpoint/ with the same options (reads the run's own corpus/).")
    boolean resume;

    @Override
    public Integer call() {
        engine.start();
        var options = new Pretrainer.Options(
                new Pretrainer.Corpus(ArtifactList.read(artifacts), excludeArtifacts.stream().filter(a -> !a.isBlank()).toList(),
                        heldOutFraction, heldOutChunks),
                new Pretrainer.Model(preset, tokenizer, vocabSize, maxInputLen, maxOutputLen),
                new Seq2SeqTrainingLoop.Schedule(epochs, batchSize, gradAccum, lr, warmupSteps, maxSteps, evalEvery, stopAfter),
                weightDecay, resume);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("options", options);
        if (resume && outputDir != null) ResumeCheck.requireSameConfig(outputDir, config, List.of("resume", "stopAfter"));   // before run.json is rewritten
        List<Path> inputs = tokenizer != null ? List.of(artifacts, tokenizer) : List.of(artifacts);
        Path dir = outputDir != null ? outputDir : RunDirectory.defaultPath("kd-pretrain");
        RunDirectory run = RunDirectory.create("kd", dir, spec.commandLine().getParseResult().originalArgs(), config, inputs);
        ArtifactSources maven = new ArtifactSources();
        Pretrainer.Result r = new Pretrainer(options, run, new PretrainCorpus.SourceJars() {
            public Path sources(String coordinates) {
                return maven.sources(coordinates);
            }

            public Path testSources(String coordinates) {
                return maven.testSources(coordinates);
            }
        }).train();
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "pretrain: %s preset, %,d parameters, %d steps, %.0f s of training; %d files, %,d train chunks (%,d tokens), %d held-out chunks%n",
                preset, r.parameters(), r.steps(), r.trainSeconds(), r.files(), r.trainChunks(), r.trainTokens(), r.heldOutChunks());
        out.printf(Locale.ROOT, "held-out loss: %.4f at step 0, best %.4f at step %d%n", r.initialHeldOutLoss(), r.bestHeldOutLoss(), r.bestStep());
        if (!r.finished()) {
            out.printf("stopped after step %d as asked; continue with the same options plus --resume%n", r.steps());
            return 0;
        }
        out.println("model: " + r.bestModel() + "   report: " + run.file("report.html") + "   corpus: " + run.file("corpus_report.json"));
        return 0;
    }
}
