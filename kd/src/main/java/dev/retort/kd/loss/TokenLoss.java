package dev.retort.kd.loss;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/** A loss computed per target position from the student's logits and averaged over the real positions. */
public abstract sealed class TokenLoss implements LossComponent permits CrossEntropyLoss, FocalLoss, KlLoss, JsdLoss {

    @Override
    public final LossTerm compute(LossBatch batch) {
        Tensor perPosition = perPosition(batch); // [B, T]
        Tensor loss = maskedMean(perPosition, positions(batch));
        return new LossTerm(loss, loss.item_double());
    }

    /** Which positions count, [B, T]: the batch mask, times the teacher's for terms that read the teacher. */
    Tensor positions(LossBatch batch) {
        if (!needsTeacher() || batch.teacher() == null || batch.teacher().mask() == null) return batch.mask();
        return batch.mask().mul(batch.teacher().mask());
    }

    /** The loss at every position, [B, T]; padding positions may hold anything finite. */
    abstract Tensor perPosition(LossBatch batch);

    /** Σ x·mask / max(1, Σ mask): a scalar. */
    static Tensor maskedMean(Tensor x, Tensor mask) {
        return x.mul(mask).sum().div(mask.sum().clamp_min(new Scalar(1.0)));
    }
}
