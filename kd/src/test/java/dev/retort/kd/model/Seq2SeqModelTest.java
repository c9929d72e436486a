package dev.retort.kd.model;

import dev.retort.core.BadInputException;
import dev.retort.core.io.NdArray;
import dev.retort.core.tensor.Safetensors;
import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The tiny preset on synthetic id sequences: targets copy and transform source ids, as assertions do. */
class Seq2SeqModelTest {
    static final int VOCAB = 40, PAD = 0, BOS = 1, EOS = 2;
    static final List<int[]> SOURCES = new ArrayList<>();
    static final List<int[]> TARGETS = new ArrayList<>();
    static Seq2SeqModel trained;

    @BeforeAll
    static void overfit() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 6; i++) {
            int[] src = r.ints(5 + r.nextInt(8), 3, VOCAB).toArray();
            int[] tgt = new int[2 + r.nextInt(4)];
            for (int j = 0; j < tgt.length; j++) tgt[j] = j % 2 == 0 ? src[r.nextInt(src.length)] : 3 + (i + j) % 5;
            SOURCES.add(src);
            TARGETS.add(tgt);
        }
        trained = Seq2SeqModel.create(tiny());
        train(trained, 300);
    }

    static ModelConfig tiny() {
        return ModelConfig.preset("tiny", VOCAB, PAD, BOS, EOS);
    }

    static void train(Seq2SeqModel model, int steps) {
        model.train(true);
        var optimizer = new AdamW(model.parameters(), new AdamWOptions(1e-2));
        for (int step = 0; step < steps; step++) {
            try (var scope = dev.retort.core.Engine.step()) {
                optimizer.zero_grad();
                SequenceBatch batch = model.batch(SOURCES, TARGETS);
                Tensor loss = model.tokenNll(batch).sum().div(new org.bytedeco.pytorch.Scalar((double) batch.targetTokens()));
                loss.backward();
                optimizer.step();
            }
        }
        model.train(false);
    }

    @Test
    void overfitsAHandfulOfExamplesToExactMatch() {
        List<int[]> predicted = trained.generateGreedy(SOURCES, 20);
        for (int i = 0; i < SOURCES.size(); i++) assertThat(predicted.get(i)).as("example %d", i).containsExactly(TARGETS.get(i));
    }

    @Test
    void gradientReachesEveryParameter() {
        Seq2SeqModel model = Seq2SeqModel.create(tiny());
        model.train(true);
        try (var scope = dev.retort.core.Engine.step()) {
            model.tokenNll(model.batch(SOURCES, TARGETS)).sum().backward();
            var named = model.module().named_parameters(true);
            for (long i = 0; i < named.size(); i++) {
                Tensor grad = named.get(i).value().grad();
                assertThat(grad.defined()).as(named.get(i).key().getString()).isTrue();
                assertThat(grad.abs().sum().item_double()).as(named.get(i).key().getString()).isGreaterThan(0.0);
            }
        }
    }

    @Test
    void labelSmoothingMixesTheNllWithTheMeanNegativeLogProbabilityOfTheVocabulary() {
        double eps = 0.1;
        try (var scope = dev.retort.core.Engine.step(); var noGrad = new NoGradGuard()) {
            SequenceBatch batch = trained.batch(SOURCES, TARGETS);
            Seq2SeqModel.TokenLoss plain = trained.tokenLoss(batch, 0), smoothed = trained.tokenLoss(batch, eps);
            float[] logProbs = Tensors.toFloats(trained.logits(batch));                        // [B, T, V]
            float[] nll = Tensors.toFloats(smoothed.nll()), loss = Tensors.toFloats(smoothed.loss());
            float[] real = Tensors.toFloats(batch.targetMask().to(torch.ScalarType.Float));
            assertThat(Tensors.toFloats(plain.loss())).containsExactly(Tensors.toFloats(plain.nll())).containsExactly(nll);
            for (int position = 0; position < nll.length; position++) {
                double meanNegLogP = 0;
                for (int v = 0; v < VOCAB; v++) meanNegLogP -= logProbs[position * VOCAB + v] / VOCAB;
                double expected = real[position] > 0 ? (1 - eps) * nll[position] + eps * meanNegLogP : 0;
                assertThat((double) loss[position]).as("position %d", position).isCloseTo(expected, within(1e-4));
            }
            assertThat(Tensors.toFloats(smoothed.loss().sum())[0]).as("a correct model pays for its confidence")
                    .isGreaterThan(Tensors.toFloats(plain.loss().sum())[0]);
        }
    }

    @Test
    void logProbabilitiesAreNormalizedAndFinite() {
        try (var scope = dev.retort.core.Engine.step(); var noGrad = new NoGradGuard()) {
            Tensor logProbs = trained.logits(trained.batch(SOURCES, TARGETS));                // [B, T, V]
            assertThat(logProbs.isfinite().all().item_int()).isEqualTo(1);
            for (float mass : Tensors.toFloats(logProbs.exp().sum(2))) assertThat(mass).isCloseTo(1f, within(1e-4f));
        }
    }

    @Test
    void greedyEqualsBeamOfOne() {
        List<int[]> greedy = trained.generateGreedy(SOURCES, 20);
        List<int[]> beam = trained.generateBeam(SOURCES, 20, 1);
        for (int i = 0; i < SOURCES.size(); i++) assertThat(beam.get(i)).containsExactly(greedy.get(i));
    }

    @Test
    void beamOverManySourcesAtOnceEqualsOneSourceAtATime() {
        for (Seq2SeqModel model : List.of(trained, Seq2SeqModel.create(tiny()))) {
            List<List<int[]>> together = model.beamCandidates(SOURCES, 12, 4);
            for (int i = 0; i < SOURCES.size(); i++) {
                List<int[]> alone = model.beamCandidates(SOURCES.get(i), 12, 4);
                assertThat(together.get(i)).as("source %d", i).hasSameSizeAs(alone);
                for (int j = 0; j < alone.size(); j++) assertThat(together.get(i).get(j)).as("source %d, candidate %d", i, j).containsExactly(alone.get(j));
                assertThat(together.get(i).stream().map(java.util.Arrays::toString).distinct().count()).isEqualTo(alone.size());
            }
        }
    }

    @Test
    void cachedAndUncachedDecodingGiveIdenticalTokens() {
        Seq2SeqModel untrained = Seq2SeqModel.create(tiny());   // runs to maxLen: exercises every cache position
        for (Seq2SeqModel model : List.of(trained, untrained)) {
            List<int[]> cached = model.generateGreedy(SOURCES, 30, true);
            List<int[]> uncached = model.generateGreedy(SOURCES, 30, false);
            for (int i = 0; i < SOURCES.size(); i++) assertThat(cached.get(i)).containsExactly(uncached.get(i));
        }
    }

    @Test
    void stepperGivesTheTeacherForcedLogProbabilitiesOfEachPosition() {
        List<int[]> prefixes = List.of(new int[]{5, 9, 3, 7}, new int[]{4, 4, 8, 6});     // any tokens: teacher-forced inputs
        try (var scope = dev.retort.core.Engine.step(); var noGrad = new org.bytedeco.pytorch.NoGradGuard()) {
            SequenceBatch batch = trained.batch(SOURCES.subList(0, 2), prefixes);
            Tensor full = trained.logits(batch);                                                // [2, 5, V]: BOS + 4 tokens
            var step = trained.stepper(batch.source(), batch.sourceMask());
            for (int t = 0; t < 5; t++) {
                long[] last = t == 0 ? new long[]{BOS, BOS} : new long[]{prefixes.get(0)[t - 1], prefixes.get(1)[t - 1]};
                float[] got = Tensors.toFloats(step.apply(Tensors.of(last, 2, 1)));
                float[] want = Tensors.toFloats(full.select(1, t).contiguous());
                for (int i = 0; i < want.length; i++) assertThat(got[i]).as("position %d, value %d", t, i).isCloseTo(want[i], within(1e-4f));
            }
        }
    }

    @Test
    void saveThenLoadGivesIdenticalLogits(@TempDir Path dir) {
        Path modelDir = dir.resolve("model");
        trained.save(modelDir);
        trained.save(modelDir);   // overwriting an existing directory is also atomic
        Seq2SeqModel loaded = Seq2SeqModel.load(modelDir);
        assertThat(loaded.config()).isEqualTo(trained.config());
        try (var scope = dev.retort.core.Engine.step(); var noGrad = new NoGradGuard()) {
            float[] a = Tensors.toFloats(trained.logits(trained.batch(SOURCES, TARGETS)));
            float[] b = Tensors.toFloats(loaded.logits(loaded.batch(SOURCES, TARGETS)));
            assertThat(b).containsExactly(a);
        }
        assertThat(dir.toFile().list()).containsExactly("model");
    }

    @Test
    void weightDecayGroupsExemptEmbeddingsNormsAndBiases() {
        Seq2SeqModel model = Seq2SeqModel.create(tiny().withCopyFollow(true));
        List<String> decays = new ArrayList<>(), exempt = new ArrayList<>();
        var named = model.module().named_parameters(true);
        for (long i = 0; i < named.size(); i++) {
            String name = named.get(i).key().getString();
            (Seq2SeqModel.MATRICES_ONLY.decays(name, named.get(i).value().dim()) ? decays : exempt).add(name);
        }
        assertThat(exempt).contains("tokens.weight", "source_positions.weight", "target_positions.weight", "copy_follow")
                .anyMatch(n -> n.endsWith("norm.weight")).anyMatch(n -> n.endsWith(".bias"));
        assertThat(decays).isNotEmpty().allMatch(n -> n.endsWith(".weight") && !n.contains("norm") && !n.contains("positions"))
                .anyMatch(n -> n.contains("ff_up")).anyMatch(n -> n.contains("copy_key"));
    }

    @Test
    void fineTuningMayChangeDropoutAndAddCopyFollowButNothingElse(@TempDir Path dir) {
        Path from = dir.resolve("from"), tuned = dir.resolve("tuned");
        trained.save(from);
        ModelConfig wanted = tiny().withDropout(0.2).withCopyFollow(true);
        Seq2SeqModel model = Seq2SeqModel.loadForFineTuning(from, wanted);
        assertThat(model.config()).isEqualTo(wanted);
        model.save(tuned);
        Map<String, NdArray> before = Safetensors.read(from.resolve(Seq2SeqModel.WEIGHTS_FILE));
        Map<String, NdArray> after = Safetensors.read(tuned.resolve(Seq2SeqModel.WEIGHTS_FILE));
        assertThat(after.keySet()).containsAll(before.keySet()).hasSize(before.size() + 1);
        before.forEach((name, a) -> assertThat(after.get(name).toFloats()).as(name).containsExactly(a.toFloats()));
        assertThat(after.get("copy_follow").toFloats()).as("a fresh model's bonus").containsExactly(1f);

        assertThatThrownBy(() -> Seq2SeqModel.loadForFineTuning(from, ModelConfig.preset("small", VOCAB, PAD, BOS, EOS)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("tiny");
        assertThatThrownBy(() -> Seq2SeqModel.loadForFineTuning(from, tiny().withLengths(64, 16)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("(preset, shape, lengths)");
        assertThatThrownBy(() -> Seq2SeqModel.loadForFineTuning(tuned, tiny().withDropout(0.2)))
                .as("dropping the bonus would drop a trained parameter").isInstanceOf(BadInputException.class);
    }

    @Test
    void paddingTokensDoNotChangeOutputs() {
        try (var scope = dev.retort.core.Engine.step(); var noGrad = new NoGradGuard()) {
            SequenceBatch batch = trained.batch(SOURCES, TARGETS);
            Tensor reference = trained.logits(batch);
            // Overwrite every padded position (source and target) with arbitrary real token ids.
            Tensor noise = torch.randint(3, VOCAB, batch.source().sizes().vec().get());
            Tensor src = torch.where(batch.sourceMask(), batch.source(), noise);
            Tensor tgtNoise = torch.randint(3, VOCAB, batch.targetIn().sizes().vec().get());
            Tensor tgtIn = torch.where(batch.targetMask(), batch.targetIn(), tgtNoise);
            assertThat(src.eq(batch.source()).all().item_int()).as("noise landed on padding").isEqualTo(0);
            Tensor changed = trained.logits(src, batch.sourceMask(), tgtIn);
            Tensor real = batch.targetMask().unsqueeze(2).expand_as(reference);
            float[] a = Tensors.toFloats(reference.masked_select(real));
            float[] b = Tensors.toFloats(changed.masked_select(real));
            assertThat(b).containsExactly(a, within(1e-5f));
        }
    }

    @Test
    void batchedGreedyMatchesOneAtATime() {
        List<int[]> batched = trained.generateGreedy(SOURCES, 20);
        for (int i = 0; i < SOURCES.size(); i++) {
            assertThat(trained.generateGreedy(List.of(SOURCES.get(i)), 20).getFirst()).containsExactly(batched.get(i));
        }
    }

    @Test
    void logProbabilityIsTheSumOfEachTargetTokensAndEosStepByStepAndDoesNotDependOnTheBatch() {
        int[] target = TARGETS.get(1);
        double expected = 0;
        try (var scope = dev.retort.core.Engine.step(); var noGrad = new org.bytedeco.pytorch.NoGradGuard()) {
            SequenceBatch batch = trained.batch(List.of(SOURCES.get(0)), null);
            var step = trained.stepper(batch.source(), batch.sourceMask());
            long last = BOS;
            for (int t = 0; t <= target.length; t++) {
                float[] logProbs = Tensors.toFloats(step.apply(Tensors.of(new long[]{last}, 1, 1)));
                int next = t < target.length ? target[t] : EOS;
                expected += logProbs[next];
                last = next;
            }
        }
        double alone = trained.logProbabilities(List.of(SOURCES.get(0)), List.of(target))[0];
        assertThat(alone).isCloseTo(expected, within(1e-3));
        double[] batched = trained.logProbabilities(List.of(SOURCES.get(0), SOURCES.get(2)), List.of(target, TARGETS.get(4)));
        assertThat(batched[0]).as("padding of a longer row in the batch changes nothing").isCloseTo(alone, within(1e-3));
    }

    @Test
    void anOverfitModelGivesItsOwnTargetsAHigherLogProbabilityThanAnotherExamplesTargets() {
        double[] own = trained.logProbabilities(SOURCES, TARGETS);
        List<int[]> shifted = new ArrayList<>(TARGETS.subList(1, TARGETS.size()));
        shifted.add(TARGETS.getFirst());
        double[] other = trained.logProbabilities(SOURCES, shifted);
        for (int i = 0; i < own.length; i++) {
            assertThat(own[i]).as("example %d", i).isLessThanOrEqualTo(0.0).isGreaterThan(other[i]);
        }
    }
}
