package dev.retort.core.train;

import dev.retort.core.Engine;

/**
 * Step-seeded randomness: libtorch's generator is reseeded from (run seed, optimizer step) before each step, so
 * dropout masks and sampling depend on the step only and a run resumed at step k takes the path of an
 * uninterrupted one.
 */
public final class StepSeed {
    private StepSeed() {
    }

    /** The generator seed of optimizer step {@code step} (0-based) in a run seeded {@code seed}. */
    public static long of(long seed, long step) {
        return seed * 1_000_003L + step;
    }

    /** Reseeds the engine's generator for optimizer step {@code step}. */
    public static void reseed(Engine engine, long step) {
        engine.reseed(of(engine.seed(), step));
    }
}
