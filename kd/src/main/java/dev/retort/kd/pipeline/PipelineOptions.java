package dev.retort.kd.pipeline;

import dev.retort.core.BadInputException;
import dev.retort.kd.evaluate.AnswerDecoding;
import dev.retort.kd.data.AssertionTask;
import dev.retort.kd.data.SplitSetting;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything {@code kd pipeline} takes, grouped; {@link #defaults()} is the one source of its defaults (the CLI reads
 * them from here). Each group checks its own values; the constructor checks what spans groups.
 */
public record PipelineOptions(Data data, Models models, Training training, Teacher teacher, Student student, Evaluation evaluation,
                              boolean resume) {
    /** The main job's data: commons-lang3 3.17.0, one example per assertion, split by test method inside the project. */
    public static final String DEFAULT_ARTIFACT = dev.retort.kd.mine.MiningSources.DEFAULT_ARTIFACT;

    public PipelineOptions {
        if (training.workers() > 1 && models.dropout() > 0) {
            throw new BadInputException("--workers " + training.workers() + " needs --dropout 0 (got " + models.dropout() + ")");
        }
    }

    /**
     * @param artifacts      Maven coordinates to mine (ignored when {@code dir} is given)
     * @param trainArtifacts Maven coordinates mined after them whose examples all go into the training split (more labelled
     *                       data; valid and test stay those of {@code artifacts})
     * @param dir            a folder with mined train/valid/test.jsonl, or null to mine into {@code <run>/data}
     */
    public record Data(List<String> artifacts, List<String> trainArtifacts, Path dir, AssertionTask task, SplitSetting split) {
        public Data {
            trainArtifacts = List.copyOf(trainArtifacts);
            if (dir == null && artifacts.isEmpty()) throw new BadInputException("nothing to mine: pass --artifact or --data");
            if (dir != null && !trainArtifacts.isEmpty()) {
                throw new BadInputException("--train-artifacts are mined with the others; drop --data, or mine them into it with `retort kd mine --train-artifacts`");
            }
        }
    }

    /**
     * Both models' shape: presets, the tokenizer's vocabulary, source and target lengths, dropout, whether their
     * pointers have the copy-follow bonus ({@link dev.retort.kd.model.ModelConfig#copyFollow}), and whether their inputs
     * and targets write each example's names as placeholders ({@link dev.retort.kd.model.IdentifierAbstraction}), and
     * whether the retrieved assertions in them are renamed by analogy ({@code analogicalHints}; only with abstraction).
     */
    public record Models(String teacherPreset, String studentSize, int vocabSize, int maxInputLen, int maxOutputLen, double dropout,
                         boolean copyFollow, boolean abstractIdentifiers, boolean focalSignatures, boolean analogicalHints) {
        public Models {
            if (dropout < 0 || dropout >= 1) throw new BadInputException("--dropout must be in [0, 1), got " + dropout);
            analogicalHints &= abstractIdentifiers;       // renaming by analogy needs the placeholders: off with names as text
        }
    }

    /**
     * @param batchSize examples per step for teacher and student, and per teacher-logit batch
     * @param workers   the teacher's and the student's batches are split into this many micro-batches trained at once on
     *                  model replicas, one core each (needs dropout 0); also the teacher-logit threads
     */
    public record Training(int batchSize, int workers) {
        public Training {
            if (workers < 1 || batchSize % workers != 0) {
                throw new BadInputException("--workers must be at least 1 and divide --batch-size " + batchSize + ", got " + workers);
            }
        }
    }

    /**
     * The teacher's passes over the training split and peak learning rate.
     *
     * @param initFrom a model directory (e.g. {@code kd pretrain}'s {@code best/}) the teacher is fine-tuned from, with its
     *                 tokenizer (the vocabulary size then comes from it), or null for a teacher trained from scratch
     */
    public record Teacher(int epochs, double lr, Path initFrom) {
        public Teacher {
            if (epochs < 1) throw new BadInputException("--teacher-epochs must be at least 1");
        }
    }

    /**
     * @param examples    the student learns from this many training examples spread evenly over the split (their teacher
     *                    logits alone are exported; 0 = all)
     * @param alpha       weight of the gold-target cross-entropy in the student's loss (the rest is KL to the teacher)
     * @param temperature softmax temperature of that KL term, held for the whole run
     * @param topK        teacher logits kept per target position
     */
    public record Student(int epochs, double lr, int examples, double alpha, double temperature, String lossFunction, int topK) {
        public Student {
            if (epochs < 1) throw new BadInputException("--distill-epochs must be at least 1");
            if (alpha < 0 || alpha > 1) throw new BadInputException("--alpha must be in [0, 1], got " + alpha);
            if (!(temperature > 0)) throw new BadInputException("--temperature must be positive, got " + temperature);
        }
    }

    /**
     * @param testLimit score at most this many test examples (0 = all); latencyExamples are timed one by one per model
     * @param decoding  how each model's top-1 answer is decoded (the top-5 list is a beam of width 5 either way)
     */
    public record Evaluation(int testLimit, int latencyExamples, AnswerDecoding decoding) {
        public Evaluation {
            java.util.Objects.requireNonNull(decoding, "decoding");
        }
    }

    /**
     * The main job: a `student`-preset teacher for five epochs and a `small` student distilled for six, both on
     * abstracted identifiers with analogical hints, on lang3 (chosen on the validation split: see docs/kd.md, "Identifier
     * abstraction", "Longer teacher training", "Six student epochs" and "Hints renamed by analogy").
     */
    public static PipelineOptions defaults() {
        return new PipelineOptions(new Data(List.of(DEFAULT_ARTIFACT), List.of(), null, AssertionTask.ASSERTION, SplitSetting.IN_PROJECT),
                new Models("student", "small", 2000, 256, 64, 0.0, true, true, false, true), new Training(16, 2), new Teacher(5, 2e-3, null),
                new Student(6, 2e-3, 8000, 0.7, 1.0, "traditional", 32), new Evaluation(0, 50, AnswerDecoding.BEAM), false);
    }
}
