package dev.retort.kd.distill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.BadInputException;
import dev.retort.core.train.ResumeCheck;
import dev.retort.kd.train.Seq2SeqTrainingLoop;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything {@code retort kd distill} takes, as resolved values in groups (names follow the original pipeline).
 * {@link #defaults()} is the one source of the defaults: the CLI reads its option defaults from it and the pipeline
 * starts from it. Each group checks its values when it is built.
 */
public record DistillOptions(Data data, Model model, Training training, Optimizer optimizer, Loss loss, Schedule schedule, Run run) {
    /**
     * @param trainDataPath        teacher-logit file (course or topk format) or, with {@code teacherModelPath}, a plain
     *                             assertion data set whose teacher logits are computed online
     * @param valDataPath          assertion data set (any flavour) for validation and the final predictions
     * @param maxTrainSamples      use at most this many training records (0 = all)
     * @param maxValSamples        use at most this many validation records, spread over the file (0 = all)
     * @param retrievalMemory      a model directory (or its memory.jsonl) whose retrieval memory prefixes every source, as
     *                             the teacher's did; null = the online teacher's memory if it has one, else plain sources
     * @param teacherTopK          reduce dense teacher logits to the top K at load (0 = keep as stored)
     * @param vocabFromTeacherFile course-format compatibility: the student's output vocabulary is the file's V and its
     *                             targets are the teacher's argmax ids (the file carries no tokenizer)
     */
    public record Data(Path trainDataPath, Path valDataPath, int maxTrainSamples, int maxValSamples, Path teacherModelPath,
                       Path tokenizerPath, Path retrievalMemory, int teacherTopK, boolean vocabFromTeacherFile, boolean skipBadRecords) {
        public Data {
            if (maxTrainSamples < 0 || maxValSamples < 0) throw new BadInputException("--max-train-samples and --max-val-samples must not be negative");
            if (teacherTopK < 0) throw new BadInputException("--teacher-top-k must not be negative, got " + teacherTopK);
        }

        public Data withPaths(Path trainDataPath, Path valDataPath) {
            return new Data(trainDataPath, valDataPath, maxTrainSamples, maxValSamples, teacherModelPath, tokenizerPath, retrievalMemory,
                    teacherTopK, vocabFromTeacherFile, skipBadRecords);
        }

        public Data withTeacher(Path teacherModelPath, Path tokenizerPath, Path retrievalMemory) {
            return new Data(trainDataPath, valDataPath, maxTrainSamples, maxValSamples, teacherModelPath, tokenizerPath, retrievalMemory,
                    teacherTopK, vocabFromTeacherFile, skipBadRecords);
        }

        public Data withMaxSamples(int maxTrainSamples, int maxValSamples) {
            return new Data(trainDataPath, valDataPath, maxTrainSamples, maxValSamples, teacherModelPath, tokenizerPath, retrievalMemory,
                    teacherTopK, vocabFromTeacherFile, skipBadRecords);
        }
    }

    /**
     * The student: a {@code ModelConfig} preset name, its dropout, its source and target lengths in tokens, and whether its
     * pointer has the copy-follow bonus ({@link dev.retort.kd.model.ModelConfig#copyFollow}).
     */
    public record Model(String studentSize, double dropoutRate, int maxInputLen, int maxOutputLen, boolean copyFollow) {
        public Model {
            if (dropoutRate < 0 || dropoutRate >= 1) throw new BadInputException("--dropout-rate must be in [0, 1), got " + dropoutRate);
            if (maxInputLen < 1 || maxOutputLen < 1) throw new BadInputException("--max-input-len and --max-output-len must be at least 1");
        }
    }

    /**
     * Passes over the data and the batches: gradientAccumulationSteps micro-batches of batchSize examples per optimizer
     * step, trained {@code workers} at a time on model replicas, one core each ({@code ParallelMicroBatches}: the same
     * step as one after another; needs dropout 0, teacher logits from a file or no teacher, and no sampled loss terms).
     */
    public record Training(int epochs, int batchSize, int gradientAccumulationSteps, int workers) {
        public Training {
            if (batchSize < 1 || gradientAccumulationSteps < 1 || epochs < 1 || workers < 1) {
                throw new BadInputException("--batch-size, --gradient-accumulation-steps, --epochs and --workers must be at least 1");
            }
        }
    }

    /**
     * AdamW with {@code weightDecay} at peak rate {@code lr}, linear warmup then linear decay ({@code warmupSteps} 0 = 10%
     * of the steps), gradients clipped to a global norm of {@code clipNorm}.
     */
    public record Optimizer(double lr, long warmupSteps, Seq2SeqTrainingLoop.WeightDecay weightDecay, double clipNorm) {
        public Optimizer {
            if (!(lr > 0) || !Double.isFinite(lr)) throw new BadInputException("--lr must be a positive number");
            if (warmupSteps < 0) throw new BadInputException("--warmup-steps must not be negative, got " + warmupSteps);
            if (!(clipNorm > 0)) throw new BadInputException("the gradient clipping norm must be positive, got " + clipNorm);
        }

        public Optimizer withLr(double lr) {
            return new Optimizer(lr, warmupSteps, weightDecay, clipNorm);
        }
    }

    /**
     * @param lossComponents    components for {@code multi_component}; empty = the mode's defaults
     * @param lossWeights       weights aligned with the components (with dynamic weighting: the start of each scheduled
     *                          component's ramp); empty = the mode's weights, the preset's mean (or start) or 1/n
     * @param samplesPerExample sampled outputs per example for the sequence-level terms
     */
    public record Loss(String lossFunction, List<String> lossComponents, List<Double> lossWeights, double alpha, double semanticLossScale,
                       double pansWeight, double astWeight, int samplesPerExample) {
        public Loss {
            lossComponents = List.copyOf(lossComponents);
            lossWeights = List.copyOf(lossWeights);
            if (alpha < 0 || alpha > 1) throw new BadInputException("--alpha must be in [0, 1], got " + alpha);
            if (samplesPerExample < 1) throw new BadInputException("--samples-per-example must be at least 1");
        }

        public Loss withMode(String lossFunction, double alpha) {
            return new Loss(lossFunction, lossComponents, lossWeights, alpha, semanticLossScale, pansWeight, astWeight, samplesPerExample);
        }
    }

    /**
     * How the loss weights and the temperature move over the run.
     *
     * @param schedulingPreset    a built-in preset name, a JSON file ({@code FILE#name} for one of several in it), or null
     *                            for the built-in preset that names most of the components
     * @param scheduleGranularity "epoch" or "step"
     * @param temperatureEnd      final temperature; equal to {@code temperature} for a fixed one
     */
    public record Schedule(boolean enableDynamicWeighting, String schedulingPreset, String scheduleGranularity, double temperature,
                           double temperatureEnd) {
    }

    /**
     * @param validationFrequency validate every this many epochs (and after the last)
     * @param stopAfterEpoch      checkpoint and end the invocation after this epoch (0 = run to the end), to continue with resume
     * @param resume              continue from the run directory's checkpoint (written after every epoch) with the same options
     */
    public record Run(boolean useEnhancedMetrics, int validationFrequency, int stopAfterEpoch, boolean resume) {
        public Run {
            if (validationFrequency < 1) throw new BadInputException("--validation-frequency must be at least 1");
            if (stopAfterEpoch < 0) throw new BadInputException("--stop-after-epoch must not be negative, got " + stopAfterEpoch);
        }
    }

    /** The defaults of {@code retort kd distill}, with no data paths. */
    public static DistillOptions defaults() {
        return new DistillOptions(new Data(null, null, 0, 0, null, null, null, 0, false, false),
                new Model("student", 0.1, 512, 128, false), new Training(3, 8, 1, 1), new Optimizer(1e-3, 0, new Seq2SeqTrainingLoop.WeightDecay(0.01, true), 1.0),
                new Loss("traditional", List.of(), List.of(), 0.5, 5.0, 0.1, 0.1, 2),
                new Schedule(false, null, "step", 4.0, 1.5), new Run(false, 1, 0, false));
    }

    /** The options a checkpoint saves and {@code --resume} compares ({@link ResumeCheck}): all but the resume flag and the stop point. */
    public JsonNode checkpointed() {
        return ResumeCheck.options(this, List.of("resume", "stopAfterEpoch"));
    }

    public DistillOptions withData(Data data) {
        return new DistillOptions(data, model, training, optimizer, loss, schedule, run);
    }

    public DistillOptions withModel(Model model) {
        return new DistillOptions(data, model, training, optimizer, loss, schedule, run);
    }

    public DistillOptions withTraining(Training training) {
        return new DistillOptions(data, model, training, optimizer, loss, schedule, run);
    }

    public DistillOptions withOptimizer(Optimizer optimizer) {
        return new DistillOptions(data, model, training, optimizer, loss, schedule, run);
    }

    public DistillOptions withLoss(Loss loss) {
        return new DistillOptions(data, model, training, optimizer, loss, schedule, run);
    }

    public DistillOptions withSchedule(Schedule schedule) {
        return new DistillOptions(data, model, training, optimizer, loss, schedule, run);
    }

    public DistillOptions withRun(Run run) {
        return new DistillOptions(data, model, training, optimizer, loss, schedule, run);
    }
}
