package dev.retort.score;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.Rng;
import dev.retort.core.io.NdArray;
import dev.retort.core.report.MetricsLogger;
import dev.retort.core.tensor.ParameterStore;
import dev.retort.core.tensor.Tensors;
import dev.retort.core.train.AdamWOptimizers;
import dev.retort.core.train.DecayPolicy;
import dev.retort.core.train.EpochCheckpoint;
import dev.retort.core.train.MinibatchEpochs;
import dev.retort.core.train.OptimizerStep;
import dev.retort.core.train.ResumeCheck;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Distills a target projection into a small MLP: given inputs h [n, d] and targets f_target(h) [n, k], trains
 * f_student to minimize L = mean over rows of ‖f_student(h) − f_target(h)‖². Reports held-out MSE (the same L)
 * and cosine fidelity, mean cos(f_student(h), f_target(h)).
 */
public final class Distillation {
    public static final String MODEL_FILE = "student.safetensors";

    private Distillation() {
    }

    public record Config(int hidden, int epochs, int batchSize, double lr, double holdout) {
    }

    /** @param meanSquaredError mean over rows of the squared L2 distance (sum over the k output dims) */
    public record Quality(double meanSquaredError, double cosineFidelity) {
    }

    /** @param epochs the epochs done; {@code paused}: stopped there as the plan asked, to be resumed */
    public record Result(Quality before, Quality after, int trainRows, int heldOutRows, long parameters, int epochs, boolean paused) {
    }

    /** Trains the student, checkpointing after every epoch as {@code plan} says, and saves it into {@code outputDir}. */
    public static Result train(NdArray inputs, NdArray targets, Config config, MetricsLogger log, Path outputDir, EpochCheckpoint.Plan plan) {
        if (config.hidden() < 1) throw new BadInputException("--hidden must be at least 1");
        Engine engine = Engine.get();
        Rng rng = engine.rng().fork("score-distill");
        Tensor h = Epochs.matrix(inputs, "inputs");
        Tensor y = Epochs.matrix(targets, "targets");
        long n = Tensors.shape(h)[0];
        if (Tensors.shape(y)[0] != n) throw new BadInputException("inputs have " + n + " rows but targets have " + Tensors.shape(y)[0] + "; row i of both must describe the same item");
        int[][] split = Epochs.split(Math.toIntExact(n), config.holdout(), rng);
        Tensor heldIdx = Tensors.indices(split[1]);
        Tensor hHeld = h.index_select(0, heldIdx), yHeld = y.index_select(0, heldIdx);

        engine.reseed(engine.seed());
        StudentMlp student = new StudentMlp(Tensors.shape(h)[1], config.hidden(), Tensors.shape(y)[1]);
        Quality before = evaluate(student, hHeld, yHeld);
        AdamW opt = AdamWOptimizers.create(student, config.lr(), Epochs.WEIGHT_DECAY, DecayPolicy.matricesOnly());
        OptimizerStep update = OptimizerStep.unclipped(opt);
        EpochCheckpoint checkpoint = new EpochCheckpoint(plan, student, opt, null, Map.of(), ResumeCheck.options(config, List.of()));
        if (checkpoint.epochsDone() == 0) log.log(0, Map.of("loss/heldout", before.meanSquaredError(), "cosine/heldout", before.cosineFidelity()));
        int epochs = new MinibatchEpochs(config.batchSize(), config.epochs(), "distillation").run(split[0], rng, rows -> {
            Tensor idx = Tensors.indices(rows);
            Tensor loss = loss(student.forward(h.index_select(0, idx)), y.index_select(0, idx));
            opt.zero_grad();
            loss.backward();
            update.apply(config.lr());
            return loss.item_double();
        }, (epoch, trainLoss) -> {
            Quality q;
            double entropy;
            try (var s = Engine.step(); var noGrad = new NoGradGuard()) {
                Tensor out = student.forward(hHeld);
                q = quality(out, yHeld);
                entropy = outputEntropy(out);
            }
            log.log(epoch, Map.of("loss/train", trainLoss, "loss/heldout", q.meanSquaredError(),
                    "cosine/heldout", q.cosineFidelity(), "entropy/student_softmax_normalized", entropy));
            return true;
        }, checkpoint);
        Quality after = evaluate(student, hHeld, yHeld);
        ParameterStore.save(student, outputDir.resolve(MODEL_FILE), Map.of("kind", "retort-score-student",
                "hidden", Integer.toString(config.hidden())));
        return new Result(before, after, split[0].length, split[1].length, ParameterStore.parameterCount(student), epochs, checkpoint.paused());
    }

    /** mean over rows of ‖s − t‖²: s, t [n, k] → scalar. */
    static Tensor loss(Tensor student, Tensor target) {
        Tensor d = student.sub(target);
        return d.mul(d).sum(new long[]{1}, false, new org.bytedeco.pytorch.ScalarTypeOptional()).mean();
    }

    static Quality evaluate(StudentMlp student, Tensor h, Tensor y) {
        try (var s = Engine.step(); var noGrad = new NoGradGuard()) {
            return quality(student.forward(h), y);
        }
    }

    static Quality quality(Tensor out, Tensor y) {
        return new Quality(loss(out, y).item_double(), torch.cosine_similarity(out, y, 1, 1e-8).mean().item_double());
    }

    /** Mean normalized entropy of softmax over the output dims: how peaked the student's projection is. */
    static double outputEntropy(Tensor out) {
        long k = Tensors.shape(out)[1];
        Tensor h = Entropy.tokens(out, 1.0);
        return k > 1 ? h.mean().item_double() / Math.log(k) : 0;
    }
}
