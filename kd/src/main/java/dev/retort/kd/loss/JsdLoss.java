package dev.retort.kd.loss;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * {@code jsd}: Jensen–Shannon divergence ½KL(P‖M) + ½KL(Q‖M), M = ½(P + Q), between the tempered teacher P and
 * student Q, · T², per real position. log M = logaddexp(log P, log Q) − log 2, so no probability is logged.
 * Bounded by log 2 · T², symmetric, and with non-vanishing gradient where KL's is tiny.
 */
public final class JsdLoss extends TokenLoss {
    @Override
    public String name() {
        return "jsd";
    }

    @Override
    public boolean needsTeacher() {
        return true;
    }

    @Override
    Tensor perPosition(LossBatch batch) {
        var p = TeacherStudentLogProbs.of(batch);
        Tensor logM = torch.logaddexp(p.teacher(), p.student()).sub(new Scalar(Math.log(2.0)));
        Tensor jsd = TeacherStudentLogProbs.kl(p.teacher(), logM).add(TeacherStudentLogProbs.kl(p.student(), logM))
                .mul(new Scalar(0.5));
        double t = batch.temperature();
        return jsd.mul(new Scalar(t * t));
    }
}
