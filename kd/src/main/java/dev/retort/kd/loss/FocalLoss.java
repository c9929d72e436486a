package dev.retort.kd.loss;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * {@code focal}: −α (1 − p_t)^γ log p_t on the gold token (Lin et al. 2017), γ = 2, α = 0.25 by default:
 * down-weights the positions the student already gets right.
 */
public final class FocalLoss extends TokenLoss {
    private final double gamma;
    private final double alpha;

    public FocalLoss() {
        this(2.0, 0.25);
    }

    public FocalLoss(double gamma, double alpha) {
        this.gamma = gamma;
        this.alpha = alpha;
    }

    @Override
    public String name() {
        return "focal";
    }

    @Override
    Tensor perPosition(LossBatch batch) {
        Tensor logpT = batch.studentLogits().log_softmax(-1)
                .gather(-1, batch.targets().unsqueeze(-1)).squeeze(-1);          // [B, T]
        Tensor oneMinusP = logpT.exp().neg().add(new Scalar(1.0)).clamp_min(new Scalar(0.0));
        return oneMinusP.pow(new Scalar(gamma)).mul(logpT).mul(new Scalar(-alpha));
    }
}
