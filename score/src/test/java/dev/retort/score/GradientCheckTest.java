package dev.retort.score;

import dev.retort.core.Engine;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Autograd gradients of the alignment and distillation losses against central finite differences, in float64. */
class GradientCheckTest {
    static final double H = 1e-6;

    static Tensor randn(Random rnd, long... shape) {
        int n = 1;
        for (long d : shape) n *= (int) d;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rnd.nextGaussian();
        return Entropy.doubles(v, shape).set_requires_grad(true);
    }

    /** Compares d loss / d t[i] from autograd with (L(t+h) − L(t−h)) / 2h at every element of t. */
    static void check(Supplier<Tensor> loss, Tensor t, String name) {
        double[] analytic = Entropy.toDoubles(torch.grad(new TensorVector(loss.get()), new TensorVector(t)).get(0));
        Tensor flat = t.detach().view(-1);        // shares storage with t
        for (int i = 0; i < analytic.length; i++) {
            double up, down;
            try (var ng = new NoGradGuard()) {
                double orig = flat.get(i).item_double();
                flat.get(i).fill_(new Scalar(orig + H));
                up = loss.get().item_double();
                flat.get(i).fill_(new Scalar(orig - H));
                down = loss.get().item_double();
                flat.get(i).fill_(new Scalar(orig));
            }
            assertThat(analytic[i]).as("%s[%d]", name, i).isCloseTo((up - down) / (2 * H), within(1e-7 + 1e-5 * Math.abs(analytic[i])));
        }
    }

    @Test
    void alignmentLossGradientsWrtHeadsAndInputs() {
        Engine.get();
        Random rnd = new Random(5);
        int n = 6, k = 3;
        long[] widths = {4, 5, 3};
        Tensor[] x = new Tensor[3], w = new Tensor[3];
        for (int i = 0; i < 3; i++) {
            x[i] = randn(rnd, n, widths[i]);
            w[i] = randn(rnd, k, widths[i]);
        }
        Supplier<Tensor> loss = () -> Alignment.loss(new Tensor[]{x[0].matmul(w[0].t()), x[1].matmul(w[1].t()), x[2].matmul(w[2].t())});
        double l = loss.get().item_double();
        assertThat(l).isBetween(0.0, 2.0);
        for (int i = 0; i < 3; i++) {
            check(loss, w[i], "W" + i);
            check(loss, x[i], "x" + i);
        }
    }

    @Test
    void alignmentLossIsZeroForIdenticalDirectionsAndTwoForOpposite() {
        Tensor a = Entropy.doubles(new double[]{1, 2, -3, 0.5}, 2, 2);
        assertThat(Alignment.loss(new Tensor[]{a, a.mul(new Scalar(3.0)), a}).item_double()).isCloseTo(0.0, within(1e-12));
        // pairs: (a, −a) → 2, (a, a) → 0, (−a, a) → 2: mean 4/3
        assertThat(Alignment.loss(new Tensor[]{a, a.neg(), a}).item_double()).isCloseTo(4.0 / 3, within(1e-12));
    }

    @Test
    void distillationLossGradientsThroughTheStudentMlp() {
        Engine.get();
        Random rnd = new Random(9);
        StudentMlp student = new StudentMlp(4, 6, 3);
        student.to(torch.ScalarType.Double, false);
        Tensor h = randn(rnd, 5, 4), target = randn(rnd, 5, 3).detach();
        Supplier<Tensor> loss = () -> Distillation.loss(student.forward(h), target);
        check(loss, student.fc1.weight(), "fc1.weight");
        check(loss, student.fc2.bias(), "fc2.bias");
        check(loss, h, "h");
        // the closed form: L = mean_rows ‖s − t‖² equals k × torch's element-wise MSE
        try (var ng = new NoGradGuard()) {
            double l = loss.get().item_double();
            assertThat(l).isCloseTo(3 * torch.mse_loss(student.forward(h), target).item_double(), within(1e-12));
        }
    }
}
