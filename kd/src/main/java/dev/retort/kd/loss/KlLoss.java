package dev.retort.kd.loss;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/** {@code kl}: KL(softmax(t/T) ‖ softmax(s/T)) · T² per real position (Hinton et al. 2015). */
public final class KlLoss extends TokenLoss {
    @Override
    public String name() {
        return "kl";
    }

    @Override
    public boolean needsTeacher() {
        return true;
    }

    @Override
    Tensor perPosition(LossBatch batch) {
        var p = TeacherStudentLogProbs.of(batch);
        double t = batch.temperature();
        return TeacherStudentLogProbs.kl(p.teacher(), p.student()).mul(new Scalar(t * t));
    }
}
