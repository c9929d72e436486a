package dev.retort.kd.loss;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TokenLossTest {
    // one example, two positions (second is padding), V = 3
    static final float[] STUDENT = {1f, 2f, 0.5f, 9f, -9f, 3f};
    static final float[] TEACHER = {0.2f, 3f, -1f, 5f, 5f, 5f};
    static final long[] TARGET = {1, 0};
    static final float[] MASK = {1f, 0f};

    @BeforeEach
    void engine() {
        Engine.get();
    }

    static LossBatch batch(float[] student, TeacherSignal teacher, double temperature) {
        return new LossBatch(Tensors.of(student, 1, 2, 3), Tensors.of(TARGET, 1, 2), Tensors.of(MASK, 1, 2),
                teacher, temperature, null);
    }

    static double[] logSoftmax(float[] x, int from, int n, double t) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int i = 0; i < n; i++) max = Math.max(max, x[from + i] / t);
        for (int i = 0; i < n; i++) sum += Math.exp(x[from + i] / t - max);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = x[from + i] / t - max - Math.log(sum);
        return out;
    }

    @Test
    void crossEntropyAndFocalMatchTheFormulasOnRealPositionsOnly() {
        double logp = logSoftmax(STUDENT, 0, 3, 1)[1];
        var b = batch(STUDENT, null, 1);
        assertThat(new CrossEntropyLoss().compute(b).value()).isCloseTo(-logp, within(1e-5));
        double p = Math.exp(logp);
        assertThat(new FocalLoss().compute(b).value()).isCloseTo(-0.25 * (1 - p) * (1 - p) * logp, within(1e-5));
    }

    @Test
    void klAndJsdMatchTheFormulasTimesTSquared() {
        double t = 2.0;
        double[] q = logSoftmax(TEACHER, 0, 3, t);
        double[] s = logSoftmax(STUDENT, 0, 3, t);
        double kl = 0, jsd = 0;
        for (int i = 0; i < 3; i++) {
            kl += Math.exp(q[i]) * (q[i] - s[i]);
            double m = Math.log(0.5 * (Math.exp(q[i]) + Math.exp(s[i])));
            jsd += 0.5 * Math.exp(q[i]) * (q[i] - m) + 0.5 * Math.exp(s[i]) * (s[i] - m);
        }
        var b = batch(STUDENT, new TeacherSignal.Full(Tensors.of(TEACHER, 1, 2, 3)), t);
        assertThat(new KlLoss().compute(b).value()).isCloseTo(kl * t * t, within(1e-5));
        assertThat(new JsdLoss().compute(b).value()).isCloseTo(jsd * t * t, within(1e-5));
    }

    @Test
    void topKWithAllIdsEqualsFullVocabularyKl() {
        var full = batch(STUDENT, new TeacherSignal.Full(Tensors.of(TEACHER, 1, 2, 3)), 1.5);
        var top = batch(STUDENT, new TeacherSignal.TopK(Tensors.of(new long[]{1, 0, 2, 0, 1, 2}, 1, 2, 3),
                Tensors.of(new float[]{3f, 0.2f, -1f, 5f, 5f, 5f}, 1, 2, 3),
                Tensors.of(new float[]{Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, 1, 2)), 1.5);
        assertThat(new KlLoss().compute(top).value()).isCloseTo(new KlLoss().compute(full).value(), within(1e-5));
        assertThat(new JsdLoss().compute(top).value()).isCloseTo(new JsdLoss().compute(full).value(), within(1e-5));
    }

    @Test
    void topKBucketsTheRestMass() {
        // teacher top-1 = id 1 with log-prob log 0.7, rest log 0.3; student buckets: p(1) and p(0) + p(2)
        var b = batch(STUDENT, new TeacherSignal.TopK(Tensors.of(new long[]{1, 1}, 1, 2, 1),
                Tensors.of(new float[]{(float) Math.log(0.7), 0f}, 1, 2, 1),
                Tensors.of(new float[]{(float) Math.log(0.3), 0f}, 1, 2)), 1.0);
        double[] s = logSoftmax(STUDENT, 0, 3, 1);
        double s1 = Math.exp(s[1]);
        double expected = 0.7 * Math.log(0.7 / s1) + 0.3 * Math.log(0.3 / (1 - s1));
        assertThat(new KlLoss().compute(b).value()).isCloseTo(expected, within(1e-5));
    }

    @Test
    void jsdGradientMatchesFiniteDifferences() {
        Tensor x = Tensors.of(STUDENT, 1, 2, 3).to(torch.ScalarType.Double).set_requires_grad(true);
        Tensor teacher = Tensors.of(TEACHER, 1, 2, 3).to(torch.ScalarType.Double);
        Tensor mask = Tensors.of(MASK, 1, 2).to(torch.ScalarType.Double);
        var loss = new JsdLoss();
        loss.compute(new LossBatch(x, Tensors.of(TARGET, 1, 2), mask, new TeacherSignal.Full(teacher), 3.0, null))
                .objective().backward();
        float[] grad = Tensors.toFloats(x.grad());
        double h = 1e-6;
        for (int i = 0; i < 6; i++) {
            double[] plus = new double[6], minus = new double[6];
            for (int j = 0; j < 6; j++) plus[j] = minus[j] = STUDENT[j];
            plus[i] += h;
            minus[i] -= h;
            double fd = (value(loss, plus, teacher, mask) - value(loss, minus, teacher, mask)) / (2 * h);
            assertThat((double) grad[i]).as("d/dx" + i).isCloseTo(fd, within(1e-5));
        }
    }

    private static double value(JsdLoss loss, double[] x, Tensor teacher, Tensor mask) {
        Tensor t = Tensor.create(x, 1, 2, 3);
        return loss.compute(new LossBatch(t, Tensors.of(TARGET, 1, 2), mask, new TeacherSignal.Full(teacher), 3.0, null)).value();
    }

    @Test
    void teacherWithAnotherVocabularyIsAnError() {
        var b = batch(STUDENT, new TeacherSignal.Full(Tensors.of(new float[8], 1, 2, 4)), 1);
        assertThatThrownBy(() -> new KlLoss().compute(b)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("V = 4").hasMessageContaining("has 3");
    }

    @Test
    void weightedSumReportsRawAndWeightedTerms() {
        var loss = new DistillationLoss(List.of(new CrossEntropyLoss(), new KlLoss()));
        var b = batch(STUDENT, new TeacherSignal.Full(Tensors.of(TEACHER, 1, 2, 3)), 2);
        var r = loss.compute(b, Map.of("ce", 0.3, "kl", 0.7));
        assertThat(r.weighted().get("ce")).isCloseTo(0.3 * r.raw().get("ce"), within(1e-12));
        assertThat(r.total().item_double()).isCloseTo(r.totalValue(), within(1e-5));
    }
}
