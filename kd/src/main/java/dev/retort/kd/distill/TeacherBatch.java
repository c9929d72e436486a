package dev.retort.kd.distill;

import dev.retort.core.tensor.Tensors;
import dev.retort.kd.logits.TeacherLogits;
import dev.retort.kd.loss.TeacherSignal;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.util.Arrays;
import java.util.List;

/**
 * Packs stored teacher logits of a batch into a {@link TeacherSignal} aligned with the student's T target
 * positions. Positions a record does not cover are masked out. Dense logits become a {@link TeacherSignal.Full}
 * of width {@code studentVocab} (a course file's narrower V is padded with a logit that carries no mass);
 * top-K logits become a {@link TeacherSignal.TopK} whose values are normalized log-probabilities, so that
 * softmax([values, rest]) is the teacher's bucket distribution.
 */
final class TeacherBatch {
    private TeacherBatch() {
    }

    static TeacherSignal of(List<TeacherLogits> teachers, int positions, int studentVocab, Device device) {
        int b = teachers.size();
        float[] mask = new float[b * positions];
        if (teachers.stream().allMatch(t -> t instanceof TeacherLogits.Dense)) {
            float[] values = new float[b * positions * studentVocab];
            Arrays.fill(values, TeacherLogits.NO_MASS_LOGIT);
            for (int i = 0; i < b; i++) {
                var d = (TeacherLogits.Dense) teachers.get(i);
                int n = Math.min(d.length(), positions);
                for (int t = 0; t < n; t++) {
                    System.arraycopy(d.values(), t * d.vocabSize(), values, (i * positions + t) * studentVocab, d.vocabSize());
                    mask[i * positions + t] = 1f;
                }
            }
            return new TeacherSignal.Full(Tensors.of(values, b, positions, studentVocab).to(device, torch.ScalarType.Float),
                    Tensors.of(mask, b, positions).to(device, torch.ScalarType.Float));
        }
        int k = Integer.MAX_VALUE;
        for (TeacherLogits t : teachers) k = Math.min(k, (t instanceof TeacherLogits.TopK top) ? top.k() : t.vocabSize());
        long[] ids = new long[b * positions * k];
        float[] logp = new float[b * positions * k];
        float[] rest = new float[b * positions];
        Arrays.fill(rest, TeacherLogits.NO_MASS_LOGIT);
        for (int i = 0; i < b; i++) {
            TeacherLogits.TopK top = teachers.get(i).topK(k);
            int n = Math.min(top.length(), positions);
            for (int t = 0; t < n; t++) {
                double logTop = logSumExp(top.logits(), t * k, k);
                double logRest = top.logRest()[t];
                double logZ = logRest == Double.NEGATIVE_INFINITY ? logTop : logTop - Math.log(-Math.expm1(logRest));
                for (int j = 0; j < k; j++) {
                    int o = (i * positions + t) * k + j;
                    ids[o] = top.ids()[t * k + j];
                    logp[o] = (float) (top.logits()[t * k + j] - logZ);
                }
                rest[i * positions + t] = (float) Math.max(logRest, TeacherLogits.NO_MASS_LOGIT);
                mask[i * positions + t] = 1f;
            }
        }
        return new TeacherSignal.TopK(Tensors.of(ids, b, positions, k).to(device, torch.ScalarType.Long),
                Tensors.of(logp, b, positions, k).to(device, torch.ScalarType.Float),
                Tensors.of(rest, b, positions).to(device, torch.ScalarType.Float),
                Tensors.of(mask, b, positions).to(device, torch.ScalarType.Float));
    }

    private static double logSumExp(float[] x, int from, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, x[from + i]);
        double s = 0;
        for (int i = 0; i < n; i++) s += Math.exp(x[from + i] - max);
        return max + Math.log(s);
    }
}
