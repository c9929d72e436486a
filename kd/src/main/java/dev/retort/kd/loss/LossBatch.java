package dev.retort.kd.loss;

import org.bytedeco.pytorch.Tensor;

/**
 * Everything one loss evaluation sees for a batch.
 *
 * @param studentLogits [B, T, V] decoder logits under teacher forcing
 * @param targets       [B, T] int64 gold next tokens
 * @param mask          [B, T] float 1 at real target positions, 0 at padding
 * @param teacher       teacher signal for the same positions, or null when no term needs it
 * @param temperature   softening temperature for the distillation terms (kl, jsd), &gt; 0
 * @param samples       sampled student outputs for the sequence-level terms, or null when none is active
 */
public record LossBatch(Tensor studentLogits, Tensor targets, Tensor mask, TeacherSignal teacher,
                        double temperature, SampledSequences samples) {
}
