package dev.retort.core;

import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class EngineTest {

    /** Run in a fresh JVM by {@link #threadSettingReachesLibtorch()}: libtorch's pool is per process. */
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        Engine engine = Engine.start(new Engine.Config(Engine.Backend.CPU, threads, 5));
        System.out.println("threads " + torch.get_num_threads() + " " + engine.threads());
        try {
            Engine.start(new Engine.Config(Engine.Backend.CPU, threads + 1, 5));
            System.out.println("restart allowed");
        } catch (IllegalStateException e) {
            System.out.println("restart refused");
        }
    }

    @Test
    void threadSettingReachesLibtorch() throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (int threads : new int[]{3}) { // this JVM checks the default of 1
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", classpath, EngineTest.class.getName(), String.valueOf(threads)));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("threads " + threads + " " + threads).contains("restart refused");
        }
    }

    @Test
    void inThisJvmTheDefaultOneThreadIsApplied() {
        Engine e = Engine.get();
        assertThat(torch.get_num_threads()).isEqualTo(e.threads());
        assertThat(Engine.get()).isSameAs(e);
        assertThat(Engine.start(e.config())).isSameAs(e);
        assertThat(e.device().is_cpu()).isTrue();
        assertThat(e.backend()).isEqualTo(Engine.Backend.CPU);
    }

    @Test
    void cudaWithoutAGpuSaysWhatToDo() {
        assumeFalse(torch.cuda_is_available(), "this machine has a CUDA GPU");
        Engine.get();
        assertThatThrownBy(() -> Engine.start(new Engine.Config(Engine.Backend.CUDA, 1, 42)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("no CUDA GPU").hasMessageContaining("--device cpu").hasMessageContaining("-Pcuda");
        assertThat(Engine.Backend.parse("auto")).isEqualTo(Engine.Backend.CPU);
        assertThat(Engine.Backend.parse("GPU")).isEqualTo(Engine.Backend.CUDA);
        assertThatThrownBy(() -> Engine.Backend.parse("tpu")).isInstanceOf(BadInputException.class).hasMessageContaining("use cpu, cuda or auto");
        assertThatThrownBy(() -> new Engine.Config(Engine.Backend.CPU, 0, 1)).isInstanceOf(BadInputException.class).hasMessageContaining("--threads");
        assertThat(new BadInputException("x").exitCode()).isEqualTo(2);
        assertThat(new RetortException("x").exitCode()).isEqualTo(1);
    }

    @Test
    void reseedingGivesTheSameNumbersAndANewSeedGivesAFreshRng() {
        Engine e = Engine.get();
        e.reseed(99);
        float[] a = Tensors.toFloats(torch.rand(8));
        e.reseed(99);
        assertThat(Tensors.toFloats(torch.rand(8))).containsExactly(a);
        Engine other = Engine.start(new Engine.Config(Engine.Backend.CPU, e.threads(), e.seed() + 1));
        try {
            assertThat(other.seed()).isEqualTo(e.seed() + 1);
            assertThat(other.rng().nextLong()).isEqualTo(new Rng(e.seed() + 1).nextLong());
        } finally {
            Engine.start(new Engine.Config(Engine.Backend.CPU, e.threads(), e.seed()));
        }
    }

    @Test
    void libtorchVersionComesFromThePreset() {
        assertThat(Engine.libtorchVersion()).isEqualTo("2.10.0");
    }

    @Test
    void stepScopeFreesTemporariesAndKeepSavesATensor() {
        Engine.get();
        Tensor kept;
        Tensor temp;
        Tensor detached;
        try (var s = Engine.step()) {
            temp = torch.ones(4);
            detached = torch.ones(4);
            s.detach(detached);
            kept = Engine.keep(torch.ones(4).mul(torch.full(new long[]{4}, new Scalar(2f))));
        }
        assertThat(temp.isNull()).isTrue();
        assertThat(detached.isNull()).as("JavaCPP's detach frees a tensor made in the scope").isTrue();
        assertThat(Tensors.toFloats(kept)).containsExactly(2f, 2f, 2f, 2f);
        kept.close();
        assertThat(kept.isNull()).isTrue();
    }
}
