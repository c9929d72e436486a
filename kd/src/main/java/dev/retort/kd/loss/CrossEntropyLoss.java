package dev.retort.kd.loss;

import org.bytedeco.pytorch.Tensor;

/** {@code ce}: −log p_student(gold token), from log-softmax. */
public final class CrossEntropyLoss extends TokenLoss {
    @Override
    public String name() {
        return "ce";
    }

    @Override
    Tensor perPosition(LossBatch batch) {
        Tensor logp = batch.studentLogits().log_softmax(-1);                 // [B, T, V]
        return logp.gather(-1, batch.targets().unsqueeze(-1)).squeeze(-1).neg(); // [B, T]
    }
}
