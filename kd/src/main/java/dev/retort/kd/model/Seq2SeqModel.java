package dev.retort.kd.model;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.RetortException;
import dev.retort.core.io.AtomicDirectory;
import dev.retort.core.run.Provenance;
import dev.retort.core.tensor.ParameterStore;
import dev.retort.core.tensor.Tensors;
import dev.retort.core.train.DecayPolicy;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * An encoder–decoder transformer for assertion generation: teacher-forced log-probabilities for training and
 * distillation, greedy and beam decoding with a KV cache, and a model directory ({@code config.json},
 * {@code model.safetensors}, optionally {@code tokenizer.json}) written atomically.
 *
 * <p>{@link #logits} returns log-probabilities of the final (copy-mixed) distribution. They are valid logits:
 * softmax of them is the model's distribution, and tempered softmax (logits / T) is its tempered version.
 */
public final class Seq2SeqModel {
    public static final String CONFIG_FILE = "config.json";
    public static final String WEIGHTS_FILE = "model.safetensors";
    public static final String TOKENIZER_FILE = "tokenizer.json";

    private final ModelConfig config;
    private final TransformerNet net;
    private final Device device;

    private Seq2SeqModel(ModelConfig config, TransformerNet net, Device device) {
        this.config = config;
        this.net = net;
        this.device = device;
    }

    /** A freshly initialized model; its weights depend only on the engine seed. */
    public static Seq2SeqModel create(ModelConfig config) {
        Engine engine = Engine.get();
        engine.reseed(engine.seed());
        TransformerNet net = new TransformerNet(config);
        if (!engine.device().is_cpu()) net.to(engine.device(), false);
        return new Seq2SeqModel(config, net, engine.device());
    }

    /** Loads a model directory written by {@link #save}. */
    public static Seq2SeqModel load(Path dir) {
        Seq2SeqModel model = create(configIn(dir));
        ParameterStore.load(model.net, dir.resolve(WEIGHTS_FILE));
        model.train(false);
        return model;
    }

    /**
     * Loads the model in {@code dir} to be fine-tuned as {@code wanted}: the same architecture, whose dropout may differ
     * and whose pointer may gain the copy-follow bonus (a new scalar that starts at 1, as in a fresh model), so that a
     * {@code kd pretrain} model can start a copy-follow teacher. Any other difference is refused.
     */
    public static Seq2SeqModel loadForFineTuning(Path dir, ModelConfig wanted) {
        ModelConfig saved = configIn(dir);
        boolean addsFollow = wanted.copyFollow() && !saved.copyFollow();
        boolean dropsFollow = saved.copyFollow() && !wanted.copyFollow();          // would discard a trained parameter
        boolean sameOtherwise = (saved.copy() || !wanted.copyFollow())             // copy-follow needs the copy head
                && saved.withDropout(wanted.dropout()).withCopyFollow(wanted.copyFollow()).equals(wanted);
        if (dropsFollow || !sameOtherwise) {
            throw new BadInputException(dir + " holds a " + saved + " model but the options ask for " + wanted
                    + "; pass the options (preset, shape, lengths) that model was trained with (dropout may differ, copy-follow may be added)");
        }
        Seq2SeqModel model = create(wanted);
        ParameterStore.load(model.net, dir.resolve(WEIGHTS_FILE), addsFollow ? Set.of("copy_follow") : Set.of());
        model.train(false);
        return model;
    }

    private static ModelConfig configIn(Path dir) {
        Path configFile = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(configFile)) {
            throw new BadInputException(dir + ": not a model directory (no " + CONFIG_FILE + "); pass the --output-dir of train-teacher or its best/ folder");
        }
        return ModelConfig.load(configFile);
    }

    /** Writes config and weights (and a copy of {@code tokenizerJson} if given) as one atomic directory. */
    public void save(Path dir, Path tokenizerJson) {
        AtomicDirectory.write(dir, tmp -> writeInto(tmp, tokenizerJson));
    }

    /** As {@link #save(Path, Path)}, with the provenance of the run in {@code runDir} ({@link Provenance}). */
    public void save(Path dir, Path tokenizerJson, Path runDir) {
        AtomicDirectory.write(dir, tmp -> {
            writeInto(tmp, tokenizerJson);
            Provenance.writeInto(tmp, runDir);
        });
    }

    /** Writes the model files into an existing directory that the caller makes atomic (e.g. a checkpoint). */
    public void writeInto(Path dir, Path tokenizerJson) {
        config.save(dir.resolve(CONFIG_FILE));
        ParameterStore.save(net, dir.resolve(WEIGHTS_FILE), Map.of("format", "retort-seq2seq", "preset", config.preset()));
        if (tokenizerJson != null) {
            try {
                Files.copy(tokenizerJson, dir.resolve(TOKENIZER_FILE), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new RetortException("cannot copy " + tokenizerJson + " into " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    public void save(Path dir) {
        save(dir, null);
    }

    public ModelConfig config() {
        return config;
    }

    public Device device() {
        return device;
    }

    public long parameterCount() {
        return ParameterStore.parameterCount(net);
    }

    /** The libtorch module, for optimizers and {@link ParameterStore}. */
    public Module module() {
        return net;
    }

    public TensorVector parameters() {
        return net.parameters();
    }

    /** nanoGPT's weight-decay groups for this model: weight matrices decay; biases, LayerNorm weights and embeddings do not. */
    public static final DecayPolicy.MatricesOnly MATRICES_ONLY = DecayPolicy.matricesOnly(TransformerNet::isEmbedding);

    /** Training mode turns dropout on. */
    public void train(boolean on) {
        net.setTraining(on);
    }

    /** src [B, S] int64, srcMask [B, S] bool, tgtIn [B, T] int64 → log-probabilities [B, T, V]. */
    public Tensor logits(Tensor src, Tensor srcMask, Tensor tgtIn) {
        TransformerNet.Memory memory = net.encode(src, srcMask);
        return net.outputLogProbs(net.decode(tgtIn, 0, memory, null), tgtIn, memory);
    }

    public Tensor logits(SequenceBatch batch) {
        return logits(batch.source(), batch.sourceMask(), batch.targetIn());
    }

    /** Negative log-likelihood of each gold target token [B, T], zero at padding; sum it and divide by tokens. */
    public Tensor tokenNll(SequenceBatch batch) {
        return tokenLoss(batch, 0).nll();
    }

    /** Per-token NLL [B, T] and the training loss [B, T] under label smoothing ε, both 0 at padding. */
    public record TokenLoss(Tensor nll, Tensor loss) {
    }

    /**
     * The token NLL and, with {@code smoothing} ε > 0, the label-smoothed loss (1 − ε)·NLL + ε·(−mean over the vocabulary
     * of log p), the cross-entropy to a target that puts ε/V on every token (Szegedy et al. 2016; Vaswani et al. 2017
     * train with ε = 0.1). With ε = 0 the loss is the NLL itself.
     */
    public TokenLoss tokenLoss(SequenceBatch batch, double smoothing) {
        Tensor logProbs = logits(batch);                                                     // [B, T, V]
        Tensor padding = batch.targetMask().logical_not();
        Tensor nll = logProbs.gather(2, batch.targetOut().unsqueeze(2)).squeeze(2).neg()    // [B, T]
                .masked_fill(padding, new Scalar(0.0));
        if (smoothing == 0) return new TokenLoss(nll, nll);
        Tensor uniform = logProbs.mean(new long[]{2}, false, new ScalarTypeOptional()).neg().masked_fill(padding, new Scalar(0.0));  // [B, T]
        return new TokenLoss(nll, nll.mul(new Scalar(1 - smoothing)).add(uniform.mul(new Scalar(smoothing))));
    }

    /**
     * The log-probability the model gives each target after its source: the sum over the target's tokens and the EOS
     * that ends it (targets cut to maxTargetLen − 1 tokens, as in training), in eval mode and without gradients. One
     * batched forward pass; a number for ranking and reporting candidates, ≤ 0.
     */
    public double[] logProbabilities(List<int[]> sources, List<int[]> targets) {
        if (sources.size() != targets.size()) throw new IllegalArgumentException(sources.size() + " sources but " + targets.size() + " targets");
        if (sources.isEmpty()) return new double[0];
        boolean wasTraining = net.is_training();
        net.setTraining(false);
        try (var scope = Engine.step(); var noGrad = new NoGradGuard()) {
            Tensor nll = tokenNll(batch(sources, targets));                                  // [B, T], 0 at padding
            int t = (int) nll.size(1);
            float[] flat = Tensors.toFloats(nll);
            double[] out = new double[sources.size()];
            for (int i = 0; i < out.length; i++) for (int j = 0; j < t; j++) out[i] -= flat[i * t + j];
            return out;
        } finally {
            net.setTraining(wasTraining);
        }
    }

    public SequenceBatch batch(List<int[]> sources, List<int[]> targets) {
        return SequenceBatch.of(config, sources, targets, device);
    }

    /**
     * Incremental decoding for samplers: the source (already on the model's device) is encoded once, and each call
     * takes the last tokens [N, 1] int64 and returns the next-token log-probabilities [N, V], keeping keys and values
     * in a KV cache. Runs in the current training mode, so dropout applies when training.
     */
    public UnaryOperator<Tensor> stepper(Tensor src, Tensor srcMask) {
        return stepper(net.encode(src, srcMask));
    }

    private UnaryOperator<Tensor> stepper(TransformerNet.Memory memory) {
        TransformerNet.Cache cache = new TransformerNet.Cache();
        int[] position = {0};
        return last -> {
            Tensor inputs = last.to(device, torch.ScalarType.Long);                          // [N, 1]
            return net.outputLogProbs(net.decode(inputs, position[0]++, memory, cache), inputs, memory).squeeze(1);
        };
    }

    /** Greedy decoding of a batch, with the KV cache; each result stops before EOS or after maxLen tokens. */
    public List<int[]> generateGreedy(List<int[]> sources, int maxLen) {
        return generateGreedy(sources, maxLen, true);
    }

    /** As {@link #generateGreedy(List, int)}; without the cache each step re-runs the decoder over the whole prefix (tests, benchmarks). */
    public List<int[]> generateGreedy(List<int[]> sources, int maxLen, boolean useCache) {
        if (sources.isEmpty()) return List.of();
        int b = sources.size();
        int steps = Math.min(maxLen, config.maxTargetLen());
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < b; i++) out.add(new ArrayList<>());
        boolean[] done = new boolean[b];
        boolean wasTraining = net.is_training();
        net.setTraining(false);
        try (var scope = Engine.step(); var noGrad = new NoGradGuard()) {
            SequenceBatch batch = batch(sources, null);
            TransformerNet.Memory memory = net.encode(batch.source(), batch.sourceMask());
            UnaryOperator<Tensor> cached = useCache ? stepper(memory) : null;
            long[][] prefix = new long[b][steps + 1];
            for (long[] row : prefix) row[0] = config.bosId();
            int remaining = b;
            for (int t = 0; t < steps && remaining > 0; t++) {
                Tensor logProbs;                                                             // [B, V]
                if (useCache) {
                    long[] last = new long[b];
                    for (int i = 0; i < b; i++) last[i] = prefix[i][t];
                    logProbs = cached.apply(ids(last, b, 1));
                } else {
                    long[] all = new long[b * (t + 1)];
                    for (int i = 0; i < b; i++) System.arraycopy(prefix[i], 0, all, i * (t + 1), t + 1);
                    Tensor inputs = ids(all, b, t + 1);                                     // [B, t+1]
                    Tensor h = net.decode(inputs, 0, memory, null);                          // [B, t+1, d]
                    logProbs = net.outputLogProbs(h.narrow(1, t, 1), inputs.narrow(1, t, 1), memory).squeeze(1);
                }
                long[] next = Tensors.toLongs(logProbs.argmax(new LongOptional(1), false));
                for (int i = 0; i < b; i++) {
                    prefix[i][t + 1] = next[i];
                    if (done[i]) continue;
                    if (next[i] == config.eosId()) {
                        done[i] = true;
                        remaining--;
                    } else {
                        out.get(i).add((int) next[i]);
                    }
                }
            }
        } finally {
            net.setTraining(wasTraining);
        }
        return out.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toList();
    }

    /**
     * A snapshot of this model for batch-1 greedy decoding in plain Java ({@link FastGreedyDecoder}), which gives the
     * tokens of {@link #generateGreedy} without libtorch's per-call overhead on each step. The decoder's weights are
     * copied now: take the snapshot after training or loading, and a new one whenever the weights change.
     */
    public FastGreedyDecoder fastDecoder() {
        return new FastGreedyDecoder(net, device, DecoderWeights.snapshot(net, config));
    }

    /**
     * Beam search ({@link BeamSearch}); stops a source when {@code beam} hypotheses have ended. Returns each source's best
     * hypothesis by length-normalized log-probability. beam = 1 equals greedy.
     */
    public List<int[]> generateBeam(List<int[]> sources, int maxLen, int beam) {
        return beamCandidates(sources, maxLen, beam).stream().map(List::getFirst).toList();
    }

    /** The hypotheses of a beam search over one source, best first (see {@link #beamCandidates(List, int, int)}). */
    public List<int[]> beamCandidates(int[] source, int maxLen, int beam) {
        return beamCandidates(List.of(source), maxLen, beam).getFirst();
    }

    /**
     * The hypotheses of a beam search over each source, best first by length-normalized log-probability: those that
     * ended (at most {@code beam} are kept going), or the unfinished ones when none ended within {@code maxLen}. The
     * sources are searched together, one decoder batch of sources × beam rows per step.
     */
    public List<List<int[]>> beamCandidates(List<int[]> sources, int maxLen, int beam) {
        if (beam < 1) throw new BadInputException("beam size must be at least 1, got " + beam);
        if (sources.isEmpty()) return List.of();
        boolean wasTraining = net.is_training();
        net.setTraining(false);
        try {
            return new BeamSearch(this, net, config, device).run(sources, maxLen, beam);
        } finally {
            net.setTraining(wasTraining);
        }
    }

    private Tensor ids(long[] values, long... shape) {
        return Tensors.of(values, shape).to(device, org.bytedeco.pytorch.global.torch.ScalarType.Long);
    }
}
