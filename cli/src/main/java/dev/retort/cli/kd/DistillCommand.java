package dev.retort.cli.kd;

import dev.retort.cli.EngineOptions;
import dev.retort.cli.InputOptions;
import dev.retort.cli.ResumeOptions;
import dev.retort.core.run.RunDirectory;
import dev.retort.kd.distill.DistillOptions;
import dev.retort.kd.distill.Distiller;
import dev.retort.core.train.ResumeCheck;
import dev.retort.kd.train.Seq2SeqTrainingLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code retort kd distill}: the original pipeline's options, as --kebab-case and the old --snake_case names. */
@Command(name = "distill", mixinStandardHelpOptions = true, defaultValueProvider = DistillDefaults.class,
        description = {"Distill a student seq2seq model from a teacher's logits with a multi-component loss.",
                "The teacher signal comes from a teacher-logit file (course or topk format, --train-data-path) or is computed "
                        + "online from a teacher model directory (--teacher-model-path with a plain assertion JSONL).",
                "Writes training_report.json, training_metrics.csv, step_metrics.csv, epoch_N_summary.json, distillation_log.txt, "
                        + "predictions_final.jsonl, metrics_final.csv, multi_component_loss_summary.json, final_model/, "
                        + "tensorboard/ and report.html into --output-dir."},
        footer = {"", "Examples:",
                "  retort kd distill --train-data-path data/kd/train.jsonl --val-data-path data/kd/valid.jsonl \\",
                "      --teacher-model-path results/teacher/best --loss-function multi_component --enable-dynamic-weighting \\",
                "      --scheduling-preset trident --epochs 3 --output-dir results/distill",
                "  retort kd distill --train_data_path distillation_data_training.jsonl \\",
                "      --val_data_path distillation_data_validation.jsonl --tokenizer codet5-small/tokenizer.json \\",
                "      --loss_function multi_component      # course-format files with the teacher's Hugging Face tokenizer",
                "  retort kd distill --train_data_path distillation_data_training.jsonl --vocab-from-teacher-file \\",
                "      --loss_function traditional --student_size tiny      # no tokenizer: vocabulary from the file's V, token-level terms only"})
public final class DistillCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    EngineOptions engine;
    @Mixin
    InputOptions input;

    @Option(names = {"--train-data-path", "--train_data_path"}, required = true, paramLabel = "FILE",
            description = "Teacher-logit JSONL (course or topk format) or, with --teacher-model-path, an assertion JSONL.")
    Path trainDataPath;
    @Option(names = {"--val-data-path", "--val_data_path"}, paramLabel = "FILE",
            description = "Assertion JSONL for validation and the final predictions (without it they are made on training data, and labelled so).")
    Path valDataPath;
    @Option(names = {"--output-dir", "--output_dir"}, paramLabel = "DIR", description = "Run directory (default results/kd-distill-<timestamp>).")
    Path outputDir;
    @Option(names = {"--max-train-samples", "--max_train_samples"}, description = "Use at most N training records (0 = all).")
    int maxTrainSamples;
    @Option(names = {"--max-val-samples", "--max_val_samples"}, description = "Use at most N validation records, spread evenly over the file (0 = all).")
    int maxValSamples;
    @Option(names = {"--batch-size", "--batch_size"}, description = "Examples per micro-batch (default: ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = {"--gradient-accumulation-steps", "--gradient_accumulation_steps"},
            description = "Micro-batches per optimizer step; effective batch = batch size × this (default: ${DEFAULT-VALUE}).")
    int gradientAccumulationSteps;
    @Option(names = "--workers", paramLabel = "N",
            description = "Train the micro-batches of a step N at a time on model replicas, one core each: the same step as one after "
                    + "another, faster on N cores (needs --dropout-rate 0, teacher logits from a file or none, and no sampled loss terms; "
                    + "pair with --gradient-accumulation-steps N) (default: ${DEFAULT-VALUE}).")
    int workers;
    @Option(names = {"--epochs"}, description = "Passes over the training data (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = {"--lr", "--learning-rate", "--learning_rate"}, description = "Peak AdamW learning rate (default: ${DEFAULT-VALUE}).")
    double lr;
    @Option(names = {"--warmup-steps", "--warmup_steps"}, description = "Linear warmup steps, then linear decay (0 = 10%% of the steps).")
    long warmupSteps;
    @Option(names = {"--weight-decay", "--weight_decay"}, description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;
    @Option(names = "--decay-matrices-only", negatable = true, fallbackValue = "true",
            description = "Apply the weight decay to weight matrices only, none to biases, LayerNorm weights and embeddings, as nanoGPT "
                    + "does (default: ${DEFAULT-VALUE}; --no-decay-matrices-only decays every parameter).")
    boolean decayMatricesOnly;
    @Option(names = {"--alpha"}, description = "traditional: α·CE + (1−α)·KL (default: ${DEFAULT-VALUE}).")
    double alpha;
    @Option(names = {"--temperature"}, description = "Start temperature of the KL/JSD terms (default: ${DEFAULT-VALUE}).")
    double temperature;
    @Option(names = {"--final-temperature", "--final_temperature"},
            description = "Temperature at the end of training, linear in between (default: ${DEFAULT-VALUE}).")
    double finalTemperature;
    @Option(names = {"--fixed-temperature", "--fixed_temperature"}, description = "Keep --temperature for the whole run.")
    boolean fixedTemperature;
    @Option(names = {"--loss-function", "--loss_function"},
            description = "traditional, enhanced, ast_enhanced or multi_component (default: ${DEFAULT-VALUE}).")
    String lossFunction;
    @Option(names = {"--loss-components", "--loss_components"}, split = ",", arity = "1..*", paramLabel = "NAME",
            description = "multi_component terms: ce, kl, focal, jsd, semantic, contrastive, pans, ast (default: focal,jsd,semantic).")
    List<String> lossComponents = new ArrayList<>();
    @Option(names = {"--loss-weights", "--loss_weights"}, split = ",", arity = "1..*", paramLabel = "W",
            description = "Weights aligned with --loss-components; with --enable-dynamic-weighting the start of each scheduled component's ramp.")
    List<Double> lossWeights = new ArrayList<>();
    @Option(names = {"--enable-dynamic-weighting", "--enable_dynamic_weighting"},
            description = "Ramp the weights of the components the preset names from their start (--loss-weights, else the preset's) "
                    + "to the preset's end values; a component the preset does not name keeps its weight and is warned about.")
    boolean enableDynamicWeighting;
    @Option(names = {"--scheduling-preset", "--scheduling_preset"}, paramLabel = "NAME|FILE[#NAME]",
            description = "trident, legacy, aggressive, conservative, code_focused, stability_first, trident_code, or a JSON file "
                    + "(default: the preset naming most of the components: trident for focal/jsd/semantic, legacy for ce/kl/pans/ast).")
    String schedulingPreset;
    @Option(names = {"--schedule-granularity", "--schedule_granularity"},
            description = "Move weights and temperature every optimizer step or once per epoch: step|epoch (default: ${DEFAULT-VALUE}).")
    String scheduleGranularity;
    @Option(names = {"--semantic-loss-scale", "--semantic_loss_scale"}, description = "β of the semantic term (default: ${DEFAULT-VALUE}).")
    double semanticLossScale;
    @Option(names = {"--pans-weight", "--pans_weight"}, description = "Weight of PANS in enhanced / ast_enhanced (default: ${DEFAULT-VALUE}).")
    double pansWeight;
    @Option(names = {"--ast-weight", "--ast_weight"}, description = "Weight of the AST term in ast_enhanced (default: ${DEFAULT-VALUE}).")
    double astWeight;
    @Option(names = {"--dropout-rate", "--dropout_rate"}, description = "Student dropout (default: ${DEFAULT-VALUE}).")
    double dropoutRate;
    @Option(names = "--copy-follow", negatable = true, fallbackValue = "true",
            description = "Give the student's pointer the copy-follow bonus (see train-teacher --copy-follow) (default: ${DEFAULT-VALUE}).")
    boolean copyFollow;
    @Option(names = {"--use-enhanced-metrics", "--use_enhanced_metrics"}, description = "Also compute semantic similarity (sentence embeddings) at validation.")
    boolean useEnhancedMetrics;
    @Option(names = {"--validation-frequency", "--validation_frequency"}, description = "Validate every N epochs (default: ${DEFAULT-VALUE}).")
    int validationFrequency;
    @Option(names = {"--max-input-len", "--max_input_len"}, description = "Source tokens (default: ${DEFAULT-VALUE}).")
    int maxInputLen;
    @Option(names = {"--max-output-len", "--max_output_len"}, description = "Target tokens (default: ${DEFAULT-VALUE}).")
    int maxOutputLen;
    @Option(names = {"--student-size", "--student_size"}, description = "Model preset: tiny, small, student or teacher (default: student).")
    String studentSize;
    @Option(names = {"--model-name", "--model_name"}, paramLabel = "HF_NAME",
            description = "The original's Hugging Face base model, mapped to a preset (Salesforce/codet5-small → student, codet5-base, "
                    + "codet5p-220m and larger → teacher); no checkpoint is loaded, the student trains from scratch.")
    String modelName;
    @Option(names = {"--num-workers", "--num_workers"}, paramLabel = "N",
            description = "Accepted for the original's command lines; no effect: the training set is encoded once into memory, there is no loader.")
    Integer numWorkers;
    @Option(names = {"--pin-memory", "--pin_memory"}, arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Accepted for the original's command lines; no effect: retort copies each batch to --device itself, without pinned buffers.")
    Boolean pinMemory;
    @Option(names = {"--teacher-model-path", "--teacher_model_path"}, paramLabel = "DIR",
            description = "Teacher model directory: online teacher logits, and its tokenizer.json.")
    Path teacherModelPath;
    @Option(names = {"--tokenizer"}, paramLabel = "FILE",
            description = "The teacher's tokenizer.json: retort's, or any Hugging Face one (BPE, WordPiece, Unigram; for a course file, "
                    + "the tokenizer of the model that wrote it, e.g. CodeT5's). Default: the teacher model directory's.")
    Path tokenizer;
    @Option(names = {"--retrieval-memory", "--retrieval_memory"}, paramLabel = "DIR",
            description = "Model directory (or its memory.jsonl) of a teacher trained with --retrieval: the student's inputs get the same "
                    + "retrieved-assertion prefix (default: the --teacher-model-path's memory, if any).")
    Path retrievalMemory;
    @Option(names = {"--teacher-top-k", "--teacher_top_k"},
            description = "Keep only the teacher's top K logits per position when loading dense files (0 = as stored).")
    int teacherTopK;
    @Option(names = {"--samples-per-example", "--samples_per_example"},
            description = "Sampled outputs per example for the sequence-level terms (default: ${DEFAULT-VALUE}).")
    int samplesPerExample;
    @Option(names = {"--vocab-from-teacher-file", "--vocab_from_teacher_file"},
            description = "Course-format compatibility: the student's vocabulary is the file's V and its targets the teacher's argmax ids.")
    boolean vocabFromTeacherFile;
    @Option(names = {"--stop-after-epoch", "--stop_after_epoch"}, paramLabel = "N",
            description = "Checkpoint and stop after epoch N, to continue later with --resume (default: run to the end).")
    int stopAfterEpoch;
    @Option(names = "--resume", description = "Continue from <output-dir>/checkpoint/ (written after every epoch) with the same options.")
    boolean resume;
    @Option(names = {"--embedding-model", "--embedding_model"}, defaultValue = "minilm-q",
            description = "Sentence embedder for semantic/contrastive terms and metrics: minilm, minilm-q, bge (default: ${DEFAULT-VALUE}).")
    String embeddingModel;

    @Override
    public Integer call() {
        engine.start();
        var err = spec.commandLine().getErr();
        optionNotes().forEach(n -> err.println("note: " + n));
        var o = options();
        List<Path> inputs = new ArrayList<>(List.of(trainDataPath));
        if (valDataPath != null) inputs.add(valDataPath);
        if (teacherModelPath != null) inputs.add(teacherModelPath);
        if (tokenizer != null) inputs.add(tokenizer);
        if (retrievalMemory != null) inputs.add(retrievalMemory);
        if (resume && outputDir != null) ResumeCheck.requireSameOptions(outputDir, o.checkpointed());   // before run.json is rewritten
        Map<String, Object> config = new LinkedHashMap<>(Map.of("options", o, "embedding_model", embeddingModel));
        RunDirectory run = RunDirectory.create("kd-distill", outputDir, spec.commandLine().getParseResult().originalArgs(), config, inputs);
        try (var embedder = new SentenceEmbedderSupplier(embeddingModel)) {
            var result = Distiller.run(o, run, embedder, w -> err.println("warning: " + w));
            var out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "student: %,d parameters, %d optimizer steps, %.1f s%n", result.parameters(), result.optimizerSteps(), result.trainSeconds());
            if (!result.finished()) {
                out.println(ResumeOptions.pausedLine(stopAfterEpoch));
                return 0;
            }
            var m = result.finalMetrics();
            out.printf(Locale.ROOT, "final (%s, %d examples): exact match %.4f  BLEU %.4f  F1 %.4f  PANS %.4f  AST valid %.4f%n",
                    result.evaluatedOn(), m.examples(), m.exactMatch(), m.bleu(), m.f1Micro(), m.pans(), m.astValidity());
            out.println("report: " + run.file("report.html"));
        }
        return 0;
    }

    DistillOptions options() {
        return new DistillOptions(new DistillOptions.Data(trainDataPath, valDataPath, maxTrainSamples, maxValSamples, teacherModelPath, tokenizer,
                retrievalMemory, teacherTopK, vocabFromTeacherFile, input.badRecords().skipping()),
                new DistillOptions.Model(studentSize(), dropoutRate, maxInputLen, maxOutputLen, copyFollow),
                new DistillOptions.Training(epochs, batchSize, gradientAccumulationSteps, workers),
                new DistillOptions.Optimizer(lr, warmupSteps, new Seq2SeqTrainingLoop.WeightDecay(weightDecay, decayMatricesOnly),
                        DistillOptions.defaults().optimizer().clipNorm()),
                new DistillOptions.Loss(lossFunction, lossComponents.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toList(), lossWeights,
                        alpha, semanticLossScale, pansWeight, astWeight, samplesPerExample),
                new DistillOptions.Schedule(enableDynamicWeighting, schedulingPreset, scheduleGranularity, temperature,
                        fixedTemperature ? temperature : finalTemperature),
                new DistillOptions.Run(useEnhancedMetrics, validationFrequency, stopAfterEpoch, resume));
    }

    /** --student-size, else the preset --model_name maps to, else the default student size. */
    private String studentSize() {
        if (studentSize != null) return studentSize;
        return modelName != null ? HubModelNames.preset(modelName) : DistillOptions.defaults().model().studentSize();
    }

    /** What the original's options that mean nothing here do instead. */
    private List<String> optionNotes() {
        List<String> notes = new ArrayList<>();
        if (modelName != null) {
            notes.add(studentSize != null ? "--model_name " + modelName + " is ignored: --student-size " + studentSize + " chooses the student"
                    : HubModelNames.explain(modelName, HubModelNames.preset(modelName)));
        }
        if (numWorkers != null) notes.add("--num_workers has no effect: the training set is encoded once into memory before "
                + "the first step, so there is no data loader to parallelize (--threads sets libtorch's threads)");
        if (pinMemory != null) notes.add("--pin_memory has no effect: retort copies each batch to --device itself, without pinned host buffers");
        return notes;
    }
}
