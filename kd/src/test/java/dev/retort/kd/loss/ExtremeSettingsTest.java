package dev.retort.kd.loss;

import dev.retort.core.Engine;
import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every loss mode trains a few steps at extreme temperatures and weights without producing NaN or ∞. */
class ExtremeSettingsTest {

    @Test
    void everyModeStaysFinite() {
        Engine.get();
        torch.manual_seed(3);
        List<List<String>> modes = new ArrayList<>();
        for (LossMode m : LossMode.values()) modes.add(m.defaultComponents());
        modes.add(LossComponents.NAMES);
        int v = BigramPolicy.PIECES.size();
        long[] target = {2, 4, 5, 6, 7, 8, 1, 1};
        long[] input = {0, 2, 4, 5, 6, 7, 8, 1};
        float[] mask = {1, 1, 1, 1, 1, 1, 1, 0};
        float[] teacherLogits = new float[8 * v];
        for (int i = 0; i < teacherLogits.length; i++) teacherLogits[i] = (i * 7919 % 13 - 6) * 40f; // up to ±240
        for (List<String> components : modes) {
            for (double temperature : new double[]{0.01, 100.0}) {
                for (double weight : new double[]{1e-6, 1e4}) {
                    var policy = new BigramPolicy();
                    var opt = policy.optimizer(0.05);
                    var loss = new DistillationLoss(LossComponents.create(components, CharTrigramEmbedder::new, 5.0));
                    Map<String, Double> weights = new HashMap<>();
                    for (String c : components) weights.put(c, weight);
                    for (int step = 0; step < 3; step++) {
                        opt.zero_grad();
                        Tensor logits = policy.logits(Tensors.of(input, 1, 8));
                        SampledSequences samples = null;
                        if (loss.needsSamples()) {
                            long[][] seq = SequenceSampler.sample(SequenceSampler.incremental(policy), 4, 0, 1, 6);
                            List<String> texts = new ArrayList<>();
                            for (long[] s : seq) texts.add(BigramPolicy.decode(s));
                            samples = new SampledSequences(texts, SequenceSampler.logProbs(policy, seq, 0, 1),
                                    List.of("assertEquals(1, r);", "assertTrue(x);"), 2);
                        }
                        var batch = new LossBatch(logits, Tensors.of(target, 1, 8), Tensors.of(mask, 1, 8),
                                new TeacherSignal.Full(Tensors.of(teacherLogits, 1, 8, v)), temperature, samples);
                        var r = loss.compute(batch, weights);
                        r.total().backward();
                        torch.clip_grad_norm_(policy.parameters(), 1.0);
                        opt.step();
                        String where = components + " T=" + temperature + " w=" + weight + " step " + step;
                        assertThat(r.totalValue()).as(where).isFinite();
                        assertThat(policy.table.weight().isfinite().all().item_bool()).as(where).isTrue();
                    }
                }
            }
        }
    }
}
