package dev.retort.score;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.Rng;
import dev.retort.core.io.DType;
import dev.retort.core.io.Json;
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
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Cross-model alignment: projection heads map three models' final hidden states (rows aligned: row i of each
 * array describes the same item) into one shared space, trained to minimize
 * L_align = mean over the pairs (primary, secondary), (primary, evaluator), (secondary, evaluator) of mean (1 − cos),
 * optionally on FGSM-perturbed inputs too: x' = x + ε·sign(∇ₓL), loss = ½(L(x) + L(x')).
 */
public final class Alignment {
    static final int[][] PAIRS = {{0, 1}, {0, 2}, {1, 2}};
    /** Temperature of the match distribution softmax(cos / τ) whose entropy is logged per epoch. */
    static final double MATCH_TEMPERATURE = 0.1;
    public static final String MODEL_FILE = "alignment.safetensors", SPEC_FILE = "alignment.json";

    private Alignment() {
    }

    public record Config(int dim, int epochs, int batchSize, double lr, double epsilon, double holdout) {
    }

    /**
     * Held-out quality: mean cosine per pair, L_align on clean and on FGSM-perturbed inputs, and top-1 retrieval
     * (share of held-out rows whose primary projection is closest to its own secondary projection) — a check that
     * the heads did not collapse to agreeing on everything.
     */
    public record Quality(double[] pairCosine, double loss, double adversarialLoss, double retrievalAt1, double matchEntropy) {
    }

    /** @param epochs the epochs done; {@code paused}: stopped there as the plan asked, to be resumed */
    public record Result(Quality before, Quality after, int trainRows, int heldOutRows, long[] widths, long parameters, int epochs,
                         boolean paused) {
    }

    /** Trains the heads, checkpointing after every epoch as {@code plan} says, and saves them into {@code outputDir}. */
    public static Result train(List<NdArray> inputs, Config config, MetricsLogger log, Path outputDir, EpochCheckpoint.Plan plan) {
        if (inputs.size() != 3) throw new BadInputException("alignment needs exactly three hidden-state arrays (primary, secondary, evaluator)");
        if (config.dim() < 1) throw new BadInputException("--dim must be at least 1");
        if (!(config.epsilon() >= 0)) throw new BadInputException("--epsilon must be ≥ 0, got " + config.epsilon());
        Engine engine = Engine.get();
        Rng rng = engine.rng().fork("score-align");
        Tensor[] x = new Tensor[3];
        long[] widths = new long[3];
        for (int i = 0; i < 3; i++) {
            x[i] = Epochs.matrix(inputs.get(i), AlignmentHeads.NAMES[i] + " hidden states");
            widths[i] = Tensors.shape(x[i])[1];
        }
        long n = Tensors.shape(x[0])[0];
        for (int i = 1; i < 3; i++) {
            if (Tensors.shape(x[i])[0] != n) throw new BadInputException("hidden-state arrays must have the same number of rows: primary " + n + ", " + AlignmentHeads.NAMES[i] + " " + Tensors.shape(x[i])[0]);
        }
        int[][] split = Epochs.split(Math.toIntExact(n), config.holdout(), rng);
        Tensor heldIdx = Tensors.indices(split[1]);
        Tensor[] held = {x[0].index_select(0, heldIdx), x[1].index_select(0, heldIdx), x[2].index_select(0, heldIdx)};

        engine.reseed(engine.seed());
        AlignmentHeads heads = new AlignmentHeads(widths, config.dim());
        Quality before = evaluate(heads, held, config.epsilon());
        AdamW opt = AdamWOptimizers.create(heads, config.lr(), Epochs.WEIGHT_DECAY, DecayPolicy.matricesOnly());
        OptimizerStep update = OptimizerStep.unclipped(opt);
        EpochCheckpoint checkpoint = new EpochCheckpoint(plan, heads, opt, null, Map.of(), ResumeCheck.options(config, List.of()));
        if (checkpoint.epochsDone() == 0) log.log(0, Map.of("loss/heldout", before.loss(), "entropy/match_normalized", before.matchEntropy()));
        int epochs = new MinibatchEpochs(config.batchSize(), config.epochs(), "alignment").run(split[0], rng, rows -> {
            Tensor idx = Tensors.indices(rows);
            Tensor[] batch = {x[0].index_select(0, idx), x[1].index_select(0, idx), x[2].index_select(0, idx)};
            Tensor loss = config.epsilon() > 0
                    ? loss(heads.forward(batch)).add(loss(heads.forward(fgsm(heads, batch, config.epsilon())))).mul(new Scalar(0.5))
                    : loss(heads.forward(batch));
            opt.zero_grad();
            loss.backward();
            update.apply(config.lr());
            return loss.item_double();
        }, (epoch, trainLoss) -> {
            Quality q;
            try (var s = Engine.step()) {
                q = evaluate(heads, held, config.epsilon());
            }
            log.log(epoch, Map.of("loss/train", trainLoss, "loss/heldout", q.loss(), "loss/heldout_adversarial", q.adversarialLoss(),
                    "entropy/match_normalized", q.matchEntropy(), "retrieval_at_1/heldout", q.retrievalAt1()));
            return true;
        }, checkpoint);
        Quality after = evaluate(heads, held, config.epsilon());
        ParameterStore.save(heads, outputDir.resolve(MODEL_FILE), Map.of("kind", "retort-score-alignment", "dim", Long.toString(config.dim())));
        Json.write(outputDir.resolve(SPEC_FILE), Map.of("widths", widths, "dim", config.dim(), "heads", AlignmentHeads.NAMES));
        return new Result(before, after, split[0].length, split[1].length, widths, ParameterStore.parameterCount(heads), epochs, checkpoint.paused());
    }

    /** Projects rows of one model's hidden states with a saved head: {@code head} is primary, secondary or evaluator. */
    public static NdArray project(Path alignmentDir, String head, NdArray hidden) {
        int which = Arrays.asList(AlignmentHeads.NAMES).indexOf(head);
        if (which < 0) throw new BadInputException("unknown head '" + head + "': use primary, secondary or evaluator");
        var spec = Json.readTree(alignmentDir.resolve(SPEC_FILE));
        long[] widths = new long[3];
        for (int i = 0; i < 3; i++) widths[i] = spec.get("widths").get(i).asLong();
        AlignmentHeads heads = new AlignmentHeads(widths, spec.get("dim").asLong());
        ParameterStore.load(heads, alignmentDir.resolve(MODEL_FILE));
        try (var s = Engine.step(); var noGrad = new NoGradGuard()) {
            Tensor h = Epochs.matrix(hidden, head + " hidden states");
            if (Tensors.shape(h)[1] != widths[which]) {
                throw new BadInputException("the " + head + " head takes width " + widths[which] + ", the array has width " + Tensors.shape(h)[1]);
            }
            return Tensors.toArray(heads.heads[which].forward(h), DType.FLOAT32);
        }
    }

    /** L_align over projections p_i [n, k]: mean over the three pairs of mean over rows of (1 − cos). */
    static Tensor loss(Tensor[] p) {
        Tensor total = null;
        for (int[] pair : PAIRS) {
            Tensor term = torch.cosine_similarity(p[pair[0]], p[pair[1]], 1, 1e-8).neg().add(new Scalar(1.0)).mean();
            total = total == null ? term : total.add(term);
        }
        return total.div(new Scalar(PAIRS.length));
    }

    /** FGSM: x + ε·sign(∇ₓ L_align), computed without touching the heads' gradients. */
    static Tensor[] fgsm(AlignmentHeads heads, Tensor[] x, double epsilon) {
        Tensor[] leaf = new Tensor[3];
        for (int i = 0; i < 3; i++) leaf[i] = x[i].detach().clone().set_requires_grad(true);
        Tensor l = loss(heads.forward(leaf));
        TensorVector grads = torch.grad(new TensorVector(l), new TensorVector(leaf[0], leaf[1], leaf[2]));
        Tensor[] out = new Tensor[3];
        for (int i = 0; i < 3; i++) out[i] = x[i].add(torch.sign(grads.get(i)).mul(new Scalar(epsilon))).detach();
        return out;
    }

    static Quality evaluate(AlignmentHeads heads, Tensor[] x, double epsilon) {
        Tensor[] adv = fgsm(heads, x, epsilon);
        try (var noGrad = new NoGradGuard()) {
            Tensor[] p = heads.forward(x);
            double[] cos = new double[3];
            for (int k = 0; k < 3; k++) cos[k] = torch.cosine_similarity(p[PAIRS[k][0]], p[PAIRS[k][1]], 1, 1e-8).mean().item_double();
            double clean = loss(p).item_double();
            double attacked = loss(heads.forward(adv)).item_double();
            // cos between every held-out primary and secondary projection: [m, m]
            Tensor a = torch.normalize(p[0]), b = torch.normalize(p[1]);
            Tensor sim = a.matmul(b.t());
            long m = Tensors.shape(sim)[0];
            Tensor hits = sim.argmax(new org.bytedeco.pytorch.LongOptional(1), false).eq(torch.arange(new Scalar(m)));
            double retrieval = hits.to(torch.ScalarType.Double).mean().item_double();
            Tensor logq = sim.div(new Scalar(MATCH_TEMPERATURE)).log_softmax(1);
            double entropy = m > 1 ? logq.exp().mul(logq).sum().neg().item_double() / m / Math.log(m) : 0;
            return new Quality(cos, clean, attacked, retrieval, entropy);
        }
    }
}
