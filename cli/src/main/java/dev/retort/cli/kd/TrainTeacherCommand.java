package dev.retort.cli.kd;

import dev.retort.cli.EngineOptions;
import dev.retort.cli.InputOptions;
import dev.retort.core.BadInputException;
import dev.retort.core.run.RunDirectory;
import dev.retort.core.train.ResumeCheck;
import dev.retort.kd.teacher.TeacherTrainer;
import dev.retort.kd.train.Seq2SeqTrainingLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(mixinStandardHelpOptions = true, name = "train-teacher", defaultValueProvider = TeacherDefaults.class,
        description = {"Train the teacher: an encoder-decoder transformer with a copy head that writes a test method's "
                        + "assertions from the masked test and the focal method.",
                "Validates by greedy exact match and BLEU-4, keeps the best (or, with --keep last, the last) model in "
                        + "<output-dir>/best/ and a resumable checkpoint in <output-dir>/checkpoint/."},
        footer = {"", "Example:",
                "  retort kd train-teacher --train data/kd/train.jsonl --valid data/kd/valid.jsonl \\",
                "      --output-dir results/teacher --epochs 10 --batch-size 16",
                "  retort kd train-teacher … --output-dir results/teacher --resume    # continue after an interruption",
                "  retort kd train-teacher --train data/kd/lang3/train.jsonl … --init-from results/teacher-pretrained   # fine-tune"})
public final class TrainTeacherCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;
    @Mixin
    EngineOptions engine;
    @Mixin
    InputOptions input;

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training split (JSONL from `retort kd mine`).")
    Path train;
    @Option(names = "--valid", required = true, paramLabel = "FILE", description = "Validation split (JSONL).")
    Path valid;
    @Option(names = "--output-dir", paramLabel = "DIR", description = "Run directory (default: results/kd-teacher-<timestamp>).")
    Path outputDir;
    @Option(names = "--preset", paramLabel = "NAME", description = "Model size: tiny, small, student or teacher (default: ${DEFAULT-VALUE}).")
    String preset;
    @Option(names = "--shape", split = ",", paramLabel = "D,HEADS,LAYERS,FF",
            description = "Override the preset's width, heads, layers (encoder and decoder each) and feed-forward size, e.g. 64,2,1,256.")
    int[] shape;
    @Option(names = "--tokenizer", paramLabel = "FILE", description = "An existing tokenizer.json (default: the --init-from model's own, else train one on the training split).")
    Path tokenizer;
    @Option(names = "--vocab-size", paramLabel = "N", description = "Vocabulary size when training the tokenizer (default: ${DEFAULT-VALUE}).")
    int vocabSize;
    @Option(names = "--max-input-len", paramLabel = "N", description = "Source tokens kept (default: ${DEFAULT-VALUE}).")
    int maxInputLen;
    @Option(names = "--max-output-len", paramLabel = "N", description = "Target tokens kept (default: ${DEFAULT-VALUE}).")
    int maxOutputLen;
    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training split (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--batch-size", paramLabel = "N", description = "Examples per micro-batch, grouped by length (default: ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--grad-accum", paramLabel = "N", description = "Micro-batches per optimizer step (default: ${DEFAULT-VALUE}).")
    int gradAccum;
    @Option(names = "--workers", paramLabel = "N",
            description = "Train the micro-batches of a step at once on N model replicas, one core each (needs --dropout 0 and "
                    + "--grad-accum N; two workers on two cores ran the student preset about 1.8x faster, bit-exact to one) (default: ${DEFAULT-VALUE}).")
    int workers;
    @Option(names = "--lr", paramLabel = "X", description = "Peak AdamW learning rate (default: ${DEFAULT-VALUE}).")
    double lr;
    @Option(names = "--weight-decay", paramLabel = "X", description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;
    @Option(names = "--decay-matrices-only", negatable = true, fallbackValue = "true",
            description = "Apply the weight decay to weight matrices only, none to biases, LayerNorm weights and embeddings, as nanoGPT "
                    + "does (default: ${DEFAULT-VALUE}; --no-decay-matrices-only decays every parameter).")
    boolean decayMatricesOnly;
    @Option(names = "--label-smoothing", paramLabel = "EPS",
            description = "Train on (1 - EPS) x token NLL + EPS x the cross-entropy to a uniform distribution over the vocabulary; "
                    + "0 trains on the NLL alone (default: ${DEFAULT-VALUE}).")
    double labelSmoothing;
    @Option(names = "--dropout", paramLabel = "P", description = "Dropout probability; a negative value takes the preset's, 0.1 for student and teacher (default: ${DEFAULT-VALUE}).")
    double dropout;
    @Option(names = "--warmup-steps", paramLabel = "N", description = "Linear warmup steps, then linear decay to 0 (default: ${DEFAULT-VALUE}).")
    int warmupSteps;
    @Option(names = "--max-steps", paramLabel = "N", description = "Stop after N optimizer steps; 0 runs all epochs (default: ${DEFAULT-VALUE}).")
    int maxSteps;
    @Option(names = "--eval-every", paramLabel = "N", description = "Validate and checkpoint every N steps (default: ${DEFAULT-VALUE}).")
    int evalEvery;
    @Option(names = "--eval-examples", paramLabel = "N", description = "Validation examples decoded at periodic validations (default: ${DEFAULT-VALUE}).")
    int evalExamples;
    @Option(names = "--final-examples", paramLabel = "N",
            description = "Validation examples, spread over the split, on which the finished run scores the kept model and the "
                    + "baselines; 0 takes all (default: ${DEFAULT-VALUE}).")
    int finalExamples;
    @Option(names = "--keep", paramLabel = "best|last",
            description = "The model kept in best/: the best by periodic validation (exact match, then BLEU) or the last step's "
                    + "(default: ${DEFAULT-VALUE}).")
    String keep;
    @Option(names = "--stop-after", paramLabel = "N", description = "Checkpoint and stop after step N of the schedule, to continue later with --resume (default: run to the end).")
    int stopAfter;
    @Option(names = "--retrieval", negatable = true, fallbackValue = "true",
            description = "Prefix each input with the assertions of the nearest training examples by BM25 (never ones from the same "
                    + "test method, or test class for the method task), so the model copies and edits them; the model directory keeps "
                    + "the training split as memory.jsonl "
                    + "(default: ${DEFAULT-VALUE}; --no-retrieval for plain inputs).")
    boolean retrieval;
    @Option(names = "--copy-follow", negatable = true, fallbackValue = "true",
            description = "Give the pointer a learned bonus at source positions right after an occurrence of the token just written, "
                    + "so the model continues copying a span of a retrieved assertion or the test instead of drifting "
                    + "(default: ${DEFAULT-VALUE}).")
    boolean copyFollow;
    @Option(names = "--abstract-identifiers", negatable = true, fallbackValue = "true",
            description = "Write each example's own names (identifiers of its test and focal method, except the 200 most frequent in "
                    + "training targets) as per-example placeholders in source and target, numbered from the assertion backwards, and put "
                    + "them back in the output (ATLAS, AsserT5); a trained tokenizer ends with 64 sentinel tokens for them "
                    + "(default: ${DEFAULT-VALUE}).")
    boolean abstractIdentifiers;
    @Option(names = "--focal-signatures", negatable = true, fallbackValue = "true",
            description = "End each per-assertion input that still has room after its test and focal method with the focal class's "
                    + "method and constructor signatures (those the test names first), so the model sees what else the class offers "
                    + "(default: ${DEFAULT-VALUE}).")
    boolean focalSignatures;
    @Option(names = "--analogical-hints", negatable = true, fallbackValue = "true",
            description = "With --abstract-identifiers, write each retrieved assertion by analogy: a name of the neighbour's own "
                    + "example that this example lacks takes this example's placeholder of the same rank (nearest names first), so "
                    + "a neighbour's assertEquals(3, r) reads as this example's assertEquals(3, result) (default: ${DEFAULT-VALUE}).")
    boolean analogicalHints;
    @Option(names = "--resume", description = "Continue from <output-dir>/checkpoint/ with the same options.")
    boolean resume;
    @Option(names = "--init-from", paramLabel = "DIR",
            description = "Start from this model's weights instead of a fresh model (fine-tuning; a model directory or a train-teacher "
                    + "run directory, e.g. of `retort kd pretrain`). Its tokenizer.json is used unless --tokenizer names one with the same "
                    + "vocabulary; preset, shape and lengths must be the ones it was trained with (dropout may differ, --copy-follow may be added).")
    Path initFrom;

    private TeacherTrainer.Keep keep() {
        return switch (keep) {
            case "best" -> TeacherTrainer.Keep.BEST;
            case "last" -> TeacherTrainer.Keep.LAST;
            default -> throw new BadInputException("--keep must be best or last, got " + keep);
        };
    }

    @Override
    public Integer call() {
        engine.start();
        var options = new TeacherTrainer.Options(
                new TeacherTrainer.Model(preset, shape, tokenizer, vocabSize, dropout, copyFollow, initFrom),
                new TeacherTrainer.Input(maxInputLen, maxOutputLen, retrieval, abstractIdentifiers, focalSignatures, analogicalHints),
                new Seq2SeqTrainingLoop.Schedule(epochs, batchSize, gradAccum, lr, warmupSteps, maxSteps, evalEvery, stopAfter),
                new Seq2SeqTrainingLoop.WeightDecay(weightDecay, decayMatricesOnly), labelSmoothing, evalExamples, finalExamples, keep(), workers, resume);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("options", options);
        if (resume && outputDir != null) ResumeCheck.requireSameConfig(outputDir, config, List.of("resume", "stopAfter"));   // before run.json is rewritten
        List<Path> inputs = new ArrayList<>(List.of(train, valid));
        if (tokenizer != null) inputs.add(tokenizer);
        if (initFrom != null) inputs.add(initFrom);
        Path dir = outputDir != null ? outputDir : RunDirectory.defaultPath("kd-teacher");
        RunDirectory run = RunDirectory.create("kd", dir, spec.commandLine().getParseResult().originalArgs(), config, inputs);
        TeacherTrainer.Result r = new TeacherTrainer(options, run).train(train, valid, input.badRecords());
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "teacher: %s preset, %,d parameters, %d steps, %.0f s of training%n", preset, r.parameters(), r.steps(), r.trainSeconds());
        if (!r.finished()) {
            out.printf("stopped after step %d as asked; continue with the same options plus --resume%n", r.steps());
            return 0;
        }
        out.printf(Locale.ROOT, "%-40s %12s %8s%n", "validation (" + r.validExamples() + " examples)", "exact match", "BLEU-4");
        out.printf(Locale.ROOT, "%-40s %12.4f %8.4f%n", r.teacher().name(), r.teacher().exactMatch(), r.teacher().bleu());
        for (var b : r.baselines()) out.printf(Locale.ROOT, "%-40s %12.4f %8.4f%n", b.name(), b.exactMatch(), b.bleu());
        out.println("model: " + r.bestModel() + "   report: " + run.file("report.html"));
        return 0;
    }
}
