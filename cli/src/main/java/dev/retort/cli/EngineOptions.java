package dev.retort.cli;

import dev.retort.core.Engine;
import dev.retort.core.report.Progress;
import picocli.CommandLine.Option;

/**
 * Options every computing command shares: device, threads, seed, quiet. Mix into a command with
 * {@code @Mixin EngineOptions engine;} and call {@link #start()} before touching tensors.
 */
public final class EngineOptions {
    @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|cuda|auto",
            description = "Where tensors live (default: ${DEFAULT-VALUE}). cuda needs the -Pcuda build.")
    String device;

    @Option(names = "--threads", defaultValue = "${env:RETORT_THREADS:-1}", paramLabel = "N",
            description = "libtorch and OpenBLAS threads (default: ${DEFAULT-VALUE}; 1 is fastest for small models on 2 cores).")
    int threads;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed for every random choice in the run (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-q", "--quiet"}, description = "No progress bars or progress lines.")
    boolean quiet;

    public Engine start() {
        Progress.setMode(quiet ? Progress.Mode.QUIET : Progress.Mode.AUTO);
        return Engine.start(new Engine.Config(Engine.Backend.parse(device), threads, seed));
    }

    public long seed() {
        return seed;
    }

    public boolean quiet() {
        return quiet;
    }
}
