package dev.retort.core.tensor;

import dev.retort.core.Engine;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EngineAndTensorsTest {

    static final class TwoLayer extends Module {
        final LinearImpl a;
        final LinearImpl b;

        TwoLayer() {
            a = register_module("a", new LinearImpl(3, 4));
            b = register_module("b", new LinearImpl(4, 1));
        }

        Tensor forward(Tensor x) {
            return b.forward(torch.tanh(a.forward(x)));
        }
    }

    @Test
    void autogradGradientMatchesCentralFiniteDifferences() {
        Engine.get();
        // f(x) = sum(sin(x) * x^2), df/dx = cos(x) x^2 + 2 x sin(x)
        double[] x0 = {0.3, -1.2, 2.0, 0.7};
        try (var s = Engine.step()) {
            Tensor x = Tensor.create(x0, 4).requires_grad_(true);
            Tensor f = torch.sum(torch.sin(x).mul(x.mul(x)));
            f.backward();
            double[] grad = new double[4];
            var g = x.grad();
            for (int i = 0; i < 4; i++) grad[i] = g.get(i).item_double();
            double h = 1e-6;
            for (int i = 0; i < 4; i++) {
                double[] p = x0.clone(), m = x0.clone();
                p[i] += h;
                m[i] -= h;
                double fd = (f(p) - f(m)) / (2 * h);
                assertThat(grad[i]).isCloseTo(fd, within(1e-6));
            }
        }
    }

    private static double f(double[] x) {
        double s = 0;
        for (double v : x) s += Math.sin(v) * v * v;
        return s;
    }

    @Test
    void parametersRoundTripBitExactlyThroughSafetensors(@TempDir Path dir) {
        Engine.get().reseed(7);
        TwoLayer saved = new TwoLayer();
        Path file = dir.resolve("model.safetensors");
        ParameterStore.save(saved, file, Map.of("preset", "test"));
        Engine.get().reseed(8);
        TwoLayer loaded = new TwoLayer();
        assertThat(Tensors.toFloats(loaded.a.weight())).isNotEqualTo(Tensors.toFloats(saved.a.weight()));
        ParameterStore.load(loaded, file);
        for (String name : new String[]{"a.weight", "a.bias", "b.weight", "b.bias"}) {
            float[] want = Tensors.toFloats(saved.named_parameters().get(name));
            float[] got = Tensors.toFloats(loaded.named_parameters().get(name));
            assertThat(got).as(name).containsExactly(want);
        }
        assertThat(ParameterStore.parameterCount(saved)).isEqualTo(3 * 4 + 4 + 4 + 1);
    }

    @Test
    void sameSeedGivesSameNumbers() {
        Engine.get().reseed(123);
        float[] first = Tensors.toFloats(torch.randn(16));
        Engine.get().reseed(123);
        float[] second = Tensors.toFloats(torch.randn(16));
        Engine.get().reseed(124);
        float[] other = Tensors.toFloats(torch.randn(16));
        assertThat(second).containsExactly(first);
        assertThat(other).isNotEqualTo(first);
    }
}
