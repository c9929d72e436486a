package dev.retort.core.train;

import dev.retort.core.io.AtomicDirectory;
import dev.retort.core.io.Json;
import dev.retort.core.run.Provenance;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A trainer's {@code checkpoint/} directory in its run directory: the model's files (written by the trainer, so the
 * directory loads like any model directory), the run's provenance, the AdamW state (a libtorch archive) and the
 * trainer's own state record as {@code state.json}, replaced atomically so a killed run always finds a whole one.
 */
public final class CheckpointDirectory {
    public static final String DIR = "checkpoint", STATE = "state.json", OPTIMIZER = "optimizer.pt";

    private CheckpointDirectory() {
    }

    /** Whether {@code runDir} holds a checkpoint to resume from. */
    public static boolean exists(Path runDir) {
        return Files.isDirectory(runDir.resolve(DIR));
    }

    /** Writes {@code checkpoint/}: what {@code writeModel} puts into the directory, provenance, optimizer, state. */
    public static void save(Path runDir, Consumer<Path> writeModel, AdamW optimizer, Object state) {
        AtomicDirectory.write(runDir.resolve(DIR), dir -> {
            writeModel.accept(dir);
            Provenance.writeInto(dir, runDir);
            OutputArchive archive = new OutputArchive();
            optimizer.save(archive);
            archive.save_to(dir.resolve(OPTIMIZER).toString());
            Json.write(dir.resolve(STATE), state);
        });
    }

    /** Loads the saved AdamW state into {@code optimizer} (built over the restored model's parameters) and returns the trainer's state record. */
    public static <T> T restore(Path runDir, AdamW optimizer, Class<T> stateType) {
        InputArchive archive = new InputArchive();
        archive.load_from(runDir.resolve(DIR).resolve(OPTIMIZER).toString());
        optimizer.load(archive);
        return Json.read(runDir.resolve(DIR).resolve(STATE), stateType);
    }
}
