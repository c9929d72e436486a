package dev.retort.cli;

import dev.retort.core.BadInputException;
import dev.retort.core.train.EpochCheckpoint;
import dev.retort.core.train.ResumeCheck;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code --resume} and {@code --stop-after-epoch} of the commands whose trainers checkpoint every epoch
 * ({@link EpochCheckpoint}). Mix in with {@code @Mixin ResumeOptions resume;}.
 */
public final class ResumeOptions {
    @Option(names = "--resume", description = "Continue the run in --output-dir from its checkpoint/ (written after every epoch) with the same options.")
    boolean resume;

    @Option(names = "--stop-after-epoch", paramLabel = "N", defaultValue = "0",
            description = "Checkpoint and stop after epoch N, to continue later with --resume (default: run to the end).")
    int stopAfterEpoch;

    /**
     * Fails (exit 2) before anything is written when --resume has no run directory to continue, or when that run was
     * started with another resolved configuration than {@code config} (what run.json records).
     */
    public void check(Path outputDir, Map<String, ?> config) {
        check(resume, outputDir, config);
    }

    /** As {@link #check(Path, Map)}, for a command whose only checkpoint option is {@code --resume}. */
    public static void check(boolean resume, Path outputDir, Map<String, ?> config) {
        if (!resume) return;
        if (outputDir == null) throw new BadInputException("--resume needs --output-dir: the run directory to continue");
        ResumeCheck.requireSameConfig(outputDir, config, List.of());
    }

    /** The checkpoint plan for a run directory. */
    public EpochCheckpoint.Plan plan(Path runDir) {
        return new EpochCheckpoint.Plan(runDir, resume, stopAfterEpoch);
    }

    /** The line a command prints after a run that paused as asked. */
    public static String pausedLine(int epoch) {
        return "stopped after epoch " + epoch + " as asked; continue with the same options plus --resume";
    }
}
