package dev.retort.kd.loss;

import org.bytedeco.pytorch.Tensor;

/**
 * What the teacher says about each target position, aligned with the student's decoder positions.
 * <ul>
 *   <li>{@link Full}: logits over the whole vocabulary, [B, T, V] — the course format after decoding.</li>
 *   <li>{@link TopK}: the teacher's K best token ids [B, T, K] with their logits [B, T, K] and the log of the
 *       mass outside them, [B, T]. The teacher distribution is then a distribution over K + 1 buckets,
 *       softmax([values, rest]) — this holds whether the values are raw logits with rest =
 *       logsumexp of the other logits, or log-probabilities with rest = log(1 − Σ p_k).</li>
 * </ul>
 * {@code mask} [B, T] (float, or null for "every real position") marks the positions the teacher covers; the
 * distillation terms average over the batch mask times this one.
 */
public sealed interface TeacherSignal {
    Tensor mask();

    record Full(Tensor logits, Tensor mask) implements TeacherSignal {
        public Full(Tensor logits) {
            this(logits, null);
        }
    }

    record TopK(Tensor ids, Tensor values, Tensor restLogMass, Tensor mask) implements TeacherSignal {
        public TopK(Tensor ids, Tensor values, Tensor restLogMass) {
            this(ids, values, restLogMass, null);
        }
    }
}
