package dev.retort.kd.loss;

import dev.retort.core.BadInputException;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Teacher and student log-probabilities at temperature T on a common support, [B, T, S]:
 * the full vocabulary (S = V) for {@link TeacherSignal.Full}, or the teacher's K ids plus one "rest" bucket
 * (S = K + 1) for {@link TeacherSignal.TopK}. In the top-K case the student's rest bucket is the exact mass
 * of softmax(s/T) outside the K ids (a log-sum-exp over the other ids); the teacher's is its stored rest mass
 * treated as one pseudo-token, softmax([values, rest]/T) — exact at T = 1, and by the data-processing
 * inequality the bucketed KL never exceeds the full-vocabulary KL.
 */
record TeacherStudentLogProbs(Tensor teacher, Tensor student) {
    /** Stands in for −∞ in masked log-sum-exps: exp underflows to 0 and gradients stay finite. */
    static final double NEG_LARGE = -1e4;

    static TeacherStudentLogProbs of(LossBatch batch) {
        if (batch.teacher() == null) throw new IllegalStateException("this loss needs a teacher signal");
        Tensor s = batch.studentLogits().div(new Scalar(batch.temperature()));  // [B, T, V]
        long v = s.size(-1);
        return switch (batch.teacher()) {
            case TeacherSignal.Full full -> {
                if (full.logits().size(-1) != v) {
                    throw new BadInputException("teacher logits have V = " + full.logits().size(-1)
                            + " but the student's vocabulary has " + v
                            + "; use the teacher's tokenizer, or take the vocabulary size from the file (course format)");
                }
                Tensor t = full.logits().div(new Scalar(batch.temperature()));
                yield new TeacherStudentLogProbs(t.log_softmax(-1), s.log_softmax(-1));
            }
            case TeacherSignal.TopK top -> {
                Tensor logZ = s.logsumexp(new long[]{-1}, true);                        // [B, T, 1]
                Tensor inK = s.gather(-1, top.ids());                                 // [B, T, K]
                Tensor outside = s.scatter(-1, top.ids(), new Scalar(NEG_LARGE))
                        .logsumexp(new long[]{-1}, true);                             // [B, T, 1]
                Tensor student = torch.cat(new org.bytedeco.pytorch.TensorVector(inK, outside), -1).sub(logZ);
                Tensor rest = top.restLogMass().unsqueeze(-1).clamp_min(new Scalar(NEG_LARGE)); // [B, T, 1]
                Tensor teacher = torch.cat(new org.bytedeco.pytorch.TensorVector(top.values(), rest), -1)
                        .div(new Scalar(batch.temperature())).log_softmax(-1);
                yield new TeacherStudentLogProbs(teacher, student);
            }
        };
    }

    /** Σ_s exp(p)·(p − q) over the last axis: KL(P ‖ Q) per position, [B, T]. */
    static Tensor kl(Tensor logP, Tensor logQ) {
        return logP.exp().mul(logP.sub(logQ)).sum(new long[]{-1}, false, new org.bytedeco.pytorch.ScalarTypeOptional());
    }
}
