package dev.retort.core.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.BadInputException;
import dev.retort.core.io.Json;
import dev.retort.core.report.MetricsLogger;
import dev.retort.core.run.RunDirectory;
import dev.retort.core.tensor.ParameterStore;
import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * Epoch-end checkpoints of a {@link MinibatchEpochs} trainer, written after every epoch into {@code checkpoint/} of a
 * run directory ({@link CheckpointDirectory}, replaced atomically, so a killed run leaves a whole one): the model,
 * the AdamW state, libtorch's CPU generator state (dropout draws), the early-stopping record with its best
 * parameters, the trainer's per-epoch values and its options. {@link MinibatchEpochs#run} restores it, redraws the
 * batch orders of the epochs done and goes on with the next epoch, so a resumed run ends where an uninterrupted one
 * does, bit for bit; a checkpoint written with other options is refused ({@link ResumeCheck}).
 */
public final class EpochCheckpoint {
    static final String MODEL = "model.safetensors", BEST = "best.safetensors";

    /**
     * Whether and where to checkpoint.
     *
     * @param runDir    the directory whose {@code checkpoint/} is written; null: no checkpoints
     * @param resume    continue from the checkpoint already there (a fresh start when there is none)
     * @param stopAfter stop after this epoch, checkpointed, to continue later with {@code resume}; 0: run to the end
     */
    public record Plan(Path runDir, boolean resume, int stopAfter) {
        public static final Plan OFF = new Plan(null, false, 0);

        public Plan {
            if (stopAfter < 0) throw new BadInputException("--stop-after-epoch must not be negative, got " + stopAfter);
            if (runDir == null && (resume || stopAfter > 0)) throw new IllegalArgumentException("resume and stop-after need a run directory");
        }

        /** The plan for one of several trainers of a run, checkpointing under {@code runDir/name}. */
        public Plan under(String name) {
            return runDir == null ? this : new Plan(runDir.resolve(name), resume, stopAfter);
        }
    }

    /** state.json: epochs done, whether training ended, the trainer's per-epoch values and the rest named above. */
    record State(int epochsDone, boolean finished, Map<String, double[]> history, EarlyStopping.State stopping, String generator,
                 JsonNode options) {
    }

    private final Plan plan;
    private final Module model;
    private final AdamW optimizer;
    private final EarlyStopping stopping;
    private final Map<String, double[]> history;
    private final JsonNode options;
    private State restored;
    private boolean paused;

    /**
     * @param stopping the trainer's early stopping, or null
     * @param history  the trainer's per-epoch arrays (index epoch − 1), saved with each checkpoint and refilled on resume
     * @param options  what the run was started with ({@link ResumeCheck#options}), compared on resume
     */
    public EpochCheckpoint(Plan plan, Module model, AdamW optimizer, EarlyStopping stopping, Map<String, double[]> history, JsonNode options) {
        this.plan = plan;
        this.model = model;
        this.optimizer = optimizer;
        this.stopping = stopping;
        this.history = history;
        this.options = options;
    }

    /** No checkpoints: the epochs run from the first to the last. */
    public static EpochCheckpoint off() {
        return new EpochCheckpoint(Plan.OFF, null, null, null, Map.of(), null);
    }

    /** Epochs done by the run resumed from (0 for a fresh start); restores its state on the first call. */
    public int epochsDone() {
        return restore().epochsDone();
    }

    /** Whether the resumed run had already ended (all its epochs, or early stopping). */
    boolean finished() {
        return restore().finished();
    }

    /** Whether training pauses after {@code epoch}, checkpointed, as the plan asks (and remembers that it did). */
    boolean pausesAfter(int epoch) {
        paused = plan.stopAfter() > 0 && epoch >= plan.stopAfter();
        return paused;
    }

    /** Whether the last run paused at the plan's stop-after epoch, to be continued with {@code resume}. */
    public boolean paused() {
        return paused;
    }

    /** The number of epochs the checkpoint in {@code runDir} has done; 0 when there is none. */
    public static int savedEpochs(Path runDir) {
        if (!CheckpointDirectory.exists(runDir)) return 0;
        return Json.read(runDir.resolve(CheckpointDirectory.DIR).resolve(CheckpointDirectory.STATE), State.class).epochsDone();
    }

    /** The run's metrics log {@code name}: its rows up to the checkpoint's epoch kept when the plan resumes one, else new. */
    public static MetricsLogger metrics(RunDirectory run, String name, Plan plan) {
        int done = plan.resume() ? savedEpochs(run.path()) : 0;
        return done > 0 ? run.resumeMetrics(name, done) : run.metrics(name);
    }

    private State restore() {
        if (restored != null) return restored;
        restored = new State(0, false, history, null, null, options);
        if (plan.runDir() == null || !plan.resume() || !CheckpointDirectory.exists(plan.runDir())) return restored;
        ResumeCheck.requireSameOptions(plan.runDir(), options);
        Path dir = plan.runDir().resolve(CheckpointDirectory.DIR);
        ParameterStore.load(model, dir.resolve(MODEL));
        State s = CheckpointDirectory.restore(plan.runDir(), optimizer, State.class);
        if (stopping != null) stopping.restore(s.stopping(), ParameterSnapshot.load(dir.resolve(BEST), model));
        s.history().forEach((name, values) -> {
            double[] into = history.get(name);
            if (into != null) System.arraycopy(values, 0, into, 0, Math.min(values.length, into.length));
        });
        torch.getDefaultCPUGenerator().set_state(generatorState(s.generator()));
        restored = s;
        return s;
    }

    /** Writes the checkpoint after {@code epoch}; {@code finished} when training ends there. */
    void save(int epoch, boolean finished) {
        if (plan.runDir() == null) return;
        State s = new State(epoch, finished, history, stopping == null ? null : stopping.state(), generatorState(), options);
        CheckpointDirectory.save(plan.runDir(), dir -> {
            ParameterStore.save(model, dir.resolve(MODEL), Map.of("kind", "retort-epoch-checkpoint", "epoch", Integer.toString(epoch)));
            if (stopping != null) stopping.bestParameters().save(dir.resolve(BEST));
        }, optimizer, s);
    }

    /** libtorch's CPU generator state (its bytes), Base64. */
    private static String generatorState() {
        long[] bytes = Tensors.toLongs(torch.getDefaultCPUGenerator().get_state());
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < out.length; i++) out[i] = (byte) bytes[i];
        return Base64.getEncoder().encodeToString(out);
    }

    private static Tensor generatorState(String base64) {
        byte[] in = Base64.getDecoder().decode(base64);
        long[] values = new long[in.length];
        for (int i = 0; i < in.length; i++) values[i] = in[i] & 0xff;
        return Tensors.of(values, values.length).to(torch.ScalarType.Byte);
    }
}
