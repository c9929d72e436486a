package dev.retort.kd.model;

import dev.retort.core.Engine;
import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Java decoder against libtorch on small random models whose weights are scaled up (peaked distributions, so greedy
 * choices are not near-ties) and whose biases and norm parameters are random (so every one of them is exercised).
 * Vocabulary 37 and d_head 8 leave SIMD tails to the scalar loops.
 */
class FastGreedyDecoderTest {
    static final int VOCAB = 37, PAD = 0, BOS = 1, EOS = 2, MAX_SOURCE = 32, MAX_TARGET = 24;

    static List<ModelConfig> configs() {
        return List.of(
                config(32, 2, 1, 64, true),
                config(32, 4, 1, 72, false),
                config(64, 4, 2, 128, true),
                config(64, 2, 2, 128, false),
                config(32, 4, 2, 64, true),
                config(32, 2, 2, 64, true).withCopyFollow(true));
    }

    static ModelConfig config(int d, int heads, int layers, int ff, boolean copy) {
        return new ModelConfig("test", VOCAB, d, heads, layers, layers, ff, MAX_SOURCE, MAX_TARGET, 0.0, copy, false, PAD, BOS, EOS);
    }

    /** Sources of several lengths, one longer than maxSourceLen (truncated by both paths). */
    static List<int[]> sources() {
        SplittableRandom r = new SplittableRandom(11);
        List<int[]> out = new ArrayList<>();
        for (int length : new int[]{1, 4, 9, 17, 30, MAX_SOURCE + 8}) out.add(r.ints(length, 3, VOCAB).toArray());
        return out;
    }

    /** A freshly initialized model made decisive: weights ×8, random norm parameters and biases, copy gate bias fixed. */
    static Seq2SeqModel peaked(ModelConfig config, double copyGateBias) {
        Seq2SeqModel model = Seq2SeqModel.create(config);
        model.train(false);
        try (var scope = Engine.step(); var noGrad = new NoGradGuard()) {
            var named = model.module().named_parameters(true);
            for (long i = 0; i < named.size(); i++) {
                String name = named.get(i).key().getString();
                Tensor p = new Tensor(named.get(i).value());
                if (name.equals("copy_gate.bias")) p.fill_(new Scalar(copyGateBias));
                else if (name.startsWith("copy_gate")) continue;                          // keeps σ(g) away from 0 and 1
                else if (name.contains("norm") && name.endsWith(".weight")) p.normal_(1.0, 0.2, new GeneratorOptional());
                else if (name.endsWith(".bias")) p.normal_(0.0, 0.2, new GeneratorOptional());
                else p.mul_(new Scalar(8.0));
            }
        }
        return model;
    }

    /** libtorch's KV-cache stepper at batch size 1: log-probabilities after each token of the prefix, [T][V]. */
    static float[][] libtorchLogProbs(Seq2SeqModel model, int[] source, int[] prefix) {
        try (var scope = Engine.step(); var noGrad = new NoGradGuard()) {
            SequenceBatch batch = model.batch(List.of(source), null);
            var step = model.stepper(batch.source(), batch.sourceMask());
            float[][] out = new float[prefix.length][];
            for (int t = 0; t < prefix.length; t++) out[t] = Tensors.toFloats(step.apply(Tensors.of(new long[]{prefix[t]}, 1, 1)));
            return out;
        }
    }

    static float[][] javaLogProbs(Seq2SeqModel model, int[] source, int[] prefix) {
        Decoding decoding = model.fastDecoder().start(source);
        return IntStream.range(0, prefix.length).mapToObj(t -> decoding.step(prefix[t]).clone()).toArray(float[][]::new);
    }

    /** BOS and then every token id in turn: the whole target length, so every cache slot is written and read. */
    static int[] longPrefix() {
        int[] prefix = new int[MAX_TARGET];
        prefix[0] = BOS;
        for (int t = 1; t < prefix.length; t++) prefix[t] = 3 + (7 * t) % (VOCAB - 3);
        return prefix;
    }

    static void assertClose(float[][] got, float[][] want) {
        assertThat(got.length).isEqualTo(want.length);
        for (int t = 0; t < want.length; t++) {
            for (int v = 0; v < want[t].length; v++) {
                assertThat(got[t][v]).as("position %d, token %d", t, v).isCloseTo(want[t][v], within(1e-4f));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void nextTokenLogProbabilitiesMatchLibtorchAtEveryPositionOfALongPrefix(ModelConfig config) {
        Seq2SeqModel model = peaked(config, 1.0);
        for (int[] source : sources()) {
            assertClose(javaLogProbs(model, source, longPrefix()), libtorchLogProbs(model, source, longPrefix()));
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void greedyTokensEqualLibtorchGreedy(ModelConfig config) {
        Seq2SeqModel model = peaked(config, 1.0);
        FastGreedyDecoder fast = model.fastDecoder();
        for (int maxLen : new int[]{0, 5, MAX_TARGET + 10}) {
            for (int[] source : sources()) {
                int[] want = model.generateGreedy(List.of(source), maxLen).getFirst();
                assertThat(fast.generate(source, maxLen)).as("maxLen %d, source length %d", maxLen, source.length).containsExactly(want);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void beamCandidatesEqualLibtorchBeamSearch(ModelConfig config) {
        Seq2SeqModel model = peaked(config, 1.0);
        FastGreedyDecoder fast = model.fastDecoder();
        for (int beam : new int[]{1, 3, 5}) {
            for (int maxLen : new int[]{5, MAX_TARGET + 10}) {
                for (int[] source : sources()) {
                    assertSameCandidates(fast.beam(source, maxLen, beam), model.beamCandidates(source, maxLen, beam),
                            String.format("beam %d, maxLen %d, source length %d", beam, maxLen, source.length));
                }
            }
        }
    }

    /** With an EOS the model emits, hypotheses end at different lengths: the ended ones, ranked alike on both paths. */
    @Test
    void beamEndsHypothesesAtEosLikeLibtorch() {
        Seq2SeqModel model = emittingEos();
        FastGreedyDecoder fast = model.fastDecoder();
        List<Integer> lengths = new ArrayList<>();
        for (int[] source : sources()) {
            List<int[]> got = fast.beam(source, MAX_TARGET, 4);
            assertSameCandidates(got, model.beamCandidates(source, MAX_TARGET, 4), "source length " + source.length);
            got.forEach(c -> lengths.add(c.length));
        }
        assertThat(lengths).anyMatch(n -> n < MAX_TARGET);
    }

    static void assertSameCandidates(List<int[]> got, List<int[]> want, String what) {
        assertThat(got).as(what).hasSameSizeAs(want);
        for (int i = 0; i < want.size(); i++) assertThat(got.get(i)).as("%s, candidate %d", what, i).containsExactly(want.get(i));
    }

    /** The first config's peaked model with, as its EOS id, a token it emits (weights depend only on the seed and shapes). */
    static Seq2SeqModel emittingEos() {
        ModelConfig base = configs().getFirst();
        int eos = peaked(base, 1.0).fastDecoder().generate(sources().get(2), MAX_TARGET)[3];
        return peaked(new ModelConfig("test", VOCAB, base.dModel(), base.heads(), base.encoderLayers(), base.decoderLayers(),
                base.ffDim(), MAX_SOURCE, MAX_TARGET, 0.0, true, false, PAD, BOS, eos), 1.0);
    }

    /**
     * Random models rarely emit EOS, so this one makes a token it does emit the EOS id (weights depend only on the seed
     * and shapes): both paths must stop at the same place, before the length cap.
     */
    @Test
    void decodingStopsBeforeEosLikeLibtorch() {
        Seq2SeqModel model = emittingEos();
        int eos = model.config().eosId();
        FastGreedyDecoder fast = model.fastDecoder();
        List<Integer> lengths = new ArrayList<>();
        for (int[] source : sources()) {
            int[] got = fast.generate(source, MAX_TARGET);
            assertThat(got).containsExactly(model.generateGreedy(List.of(source), MAX_TARGET).getFirst());
            assertThat(got).doesNotContain(eos);
            lengths.add(got.length);
        }
        assertThat(lengths).anyMatch(n -> n < MAX_TARGET);
    }

    /**
     * With the gate bias at −12, σ(−g) ≈ 1: nearly all mass comes from the pointer, so the distribution sits on the
     * source's token ids, and libtorch agrees on every log-probability.
     */
    @Test
    void copyHeadPutsTheMassOnSourceTokensAsLibtorchDoes() {
        Seq2SeqModel model = peaked(config(32, 2, 1, 64, true), -12.0);
        int[] source = {5, 9, 5, 20, 31};
        float[][] got = javaLogProbs(model, source, longPrefix());
        assertClose(got, libtorchLogProbs(model, source, longPrefix()));
        for (float[] logProbs : got) {
            double onSource = IntStream.of(5, 9, 20, 31).mapToDouble(v -> Math.exp(logProbs[v])).sum();
            assertThat(onSource).isCloseTo(1.0, within(1e-3));
        }
    }

    /**
     * Copy-follow with a large β and the gate at −12: after each input token the pointer sits on the source position
     * that follows that token's occurrence, so both paths continue the source span (9 → 5, 20 → 31) and agree.
     */
    @Test
    void copyFollowContinuesTheSourceSpanAsLibtorchDoes() {
        Seq2SeqModel model = peaked(config(32, 2, 1, 64, true).withCopyFollow(true), -12.0);
        try (var scope = Engine.step(); var noGrad = new NoGradGuard()) {
            var named = model.module().named_parameters(true);
            for (long i = 0; i < named.size(); i++) {
                if (named.get(i).key().getString().equals("copy_follow")) new Tensor(named.get(i).value()).fill_(new Scalar(40.0));
            }
        }
        int[] source = {5, 9, 5, 20, 31};
        int[] prefix = {9, 20, 31};
        float[][] got = javaLogProbs(model, source, prefix);
        assertClose(got, libtorchLogProbs(model, source, prefix));
        assertThat(VectorMath.argmax(got[0], VOCAB)).isEqualTo(5);
        assertThat(VectorMath.argmax(got[1], VOCAB)).isEqualTo(31);
        assertThat(Math.exp(got[1][31])).isGreaterThan(0.99);
    }
}
