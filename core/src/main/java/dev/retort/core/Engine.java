package dev.retort.core;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;

import java.io.IOException;
import java.util.Locale;

/**
 * The facade over libtorch for one process: which device tensors live on, how many threads libtorch uses,
 * and the run's seed. OpenBLAS reads its thread count only from {@code OPENBLAS_NUM_THREADS} when it loads,
 * so the {@code ./retort} launcher and the test runner export the same number there. Start it once with {@link #start(Config)};
 * later calls with the same config return the same engine, and one that differs only in the seed replaces it with a
 * reseeded engine. A different thread count or backend is an error ({@link IllegalStateException}) because libtorch
 * thread pools cannot be resized reliably once used.
 *
 * <p>Defaults follow measurements on 2-core machines: one thread is 4–5× faster than two for models under
 * ~10M parameters (see DESIGN.md).
 */
public final class Engine {

    public enum Backend {
        CPU, CUDA;

        public static Backend parse(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "cpu" -> CPU;
                case "cuda", "gpu" -> CUDA;
                case "auto" -> torch.cuda_is_available() ? CUDA : CPU;
                default -> throw new BadInputException("unknown device '" + name + "': use cpu, cuda or auto");
            };
        }
    }

    /** threads ≥ 1; seed drives both libtorch's generator and {@link #rng()}. */
    public record Config(Backend backend, int threads, long seed) {
        public Config {
            if (threads < 1) throw new BadInputException("--threads must be at least 1, got " + threads);
        }

        public static Config defaults() {
            return new Config(Backend.CPU, 1, 42L);
        }
    }

    private static Engine current;

    private final Config config;
    private final Device device;
    private final Rng rng;

    private Engine(Config config) {
        this.config = config;
        torch.set_num_threads(config.threads());
        torch.manual_seed(config.seed());
        if (config.backend() == Backend.CUDA) torch.cuda_manual_seed_all(config.seed());
        this.device = new Device(config.backend() == Backend.CUDA ? "cuda" : "cpu");
        this.rng = new Rng(config.seed());
    }

    public static synchronized Engine start(Config config) {
        // the user's mistake is reported as such even when an engine is already running
        if (config.backend() == Backend.CUDA && !torch.cuda_is_available()) {
            throw new BadInputException("--device cuda was asked for but libtorch sees no CUDA GPU; "
                    + "build with ./mvnw -Pcuda package on a machine with CUDA 13, or use --device cpu");
        }
        if (current == null) {
            current = new Engine(config);
        } else if (current.config.threads() != config.threads() || current.config.backend() != config.backend()) {
            throw new IllegalStateException("engine already started with " + current.config + ", asked for " + config);
        } else if (current.config.seed() != config.seed()) {
            current = new Engine(config);
        }
        return current;
    }

    /** The running engine, started with defaults if nothing started it yet (tests, library use). */
    public static synchronized Engine get() {
        return current != null ? current : start(Config.defaults());
    }

    public Config config() {
        return config;
    }

    public Backend backend() {
        return config.backend();
    }

    /** The libtorch device new tensors and modules should be moved to. */
    public Device device() {
        return device;
    }

    public int threads() {
        return config.threads();
    }

    public long seed() {
        return config.seed();
    }

    /** The run's Java-side random source; fork it per purpose. */
    public Rng rng() {
        return rng;
    }

    /** Resets libtorch's generator to the run seed, e.g. before building a model so its init is reproducible. */
    public void reseed(long seed) {
        torch.manual_seed(seed);
        if (config.backend() == Backend.CUDA) torch.cuda_manual_seed_all(seed);
    }

    /**
     * Native memory scope for one training or inference step: every tensor created inside is freed on
     * close. A tensor that must outlive the step goes through {@link #keep} inside the scope. Note that
     * JavaCPP's {@code PointerScope.detach(p)} does <em>not</em> keep {@code p}: it drops the scope's
     * reference, which frees a tensor created in the scope at once. Use as
     * {@code try (var s = Engine.step()) { … model.weights = Engine.keep(update); }}.
     */
    public static PointerScope step() {
        return new PointerScope();
    }

    /**
     * Keeps a tensor (or any native object) created inside a {@link #step()} alive after the step closes;
     * the caller owns it from then on and frees it with {@code close()} (or leaves it to the garbage collector).
     */
    public static <P extends Pointer> P keep(P pointer) {
        pointer.retainReference();
        return pointer;
    }

    /**
     * The libtorch version bundled with the bytedeco preset ("2.10.0"), read from the preset jar's manifest
     * or, where a repackaged jar lost it, from its Maven metadata; "unknown" when neither is there.
     */
    public static String libtorchVersion() {
        String v = torch.class.getPackage().getImplementationVersion();
        if (v == null) {
            try {
                v = Loader.getVersion("org.bytedeco", "pytorch", torch.class);
            } catch (IOException e) {
                v = null;
            }
        }
        if (v == null) return "unknown";
        int dash = v.indexOf('-');
        return dash > 0 ? v.substring(0, dash) : v;
    }
}
