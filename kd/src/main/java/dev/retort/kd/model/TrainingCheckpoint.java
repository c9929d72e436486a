package dev.retort.kd.model;

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
 * A trainer's {@code checkpoint/} directory: a complete model directory (loadable like any other), the AdamW state (libtorch archive) and the trainer's
 * own state record as {@code state.json}, replaced atomically so a killed run always finds a whole one.
 */
public final class TrainingCheckpoint {
    public static final String DIR = "checkpoint", STATE = "state.json", OPTIMIZER = "optimizer.pt";

    private TrainingCheckpoint() {
    }

    /** Whether {@code runDir} holds a checkpoint to resume from. */
    public static boolean exists(Path runDir) {
        return Files.isDirectory(runDir.resolve(DIR));
    }

    /** Model, tokenizer (copied in when not null) and memory as {@code encoder} writes them, optimizer, state. */
    public static void save(Path runDir, Seq2SeqModel model, Path tokenizerJson, ExampleEncoder encoder, AdamW optimizer, Object state) {
        save(runDir, dir -> encoder.writeModelInto(model, tokenizerJson, dir), optimizer, state);
    }

    /** Model and tokenizer (no encoder memory, e.g. a pretrained model), optimizer, state. */
    public static void save(Path runDir, Seq2SeqModel model, Path tokenizerJson, AdamW optimizer, Object state) {
        save(runDir, dir -> model.writeInto(dir, tokenizerJson), optimizer, state);
    }

    private static void save(Path runDir, Consumer<Path> writeModel, AdamW optimizer, Object state) {
        AtomicDirectory.write(runDir.resolve(DIR), dir -> {
            writeModel.accept(dir);
            Provenance.writeInto(dir, runDir);
            OutputArchive archive = new OutputArchive();
            optimizer.save(archive);
            archive.save_to(dir.resolve(OPTIMIZER).toString());
            Json.write(dir.resolve(STATE), state);
        });
    }

    /** The saved model (load it before building the optimizer over its parameters). */
    public static Seq2SeqModel model(Path runDir) {
        return Seq2SeqModel.load(runDir.resolve(DIR));
    }

    /** Loads the saved AdamW state into {@code optimizer} and returns the trainer's state record. */
    public static <T> T restore(Path runDir, AdamW optimizer, Class<T> stateType) {
        InputArchive archive = new InputArchive();
        archive.load_from(runDir.resolve(DIR).resolve(OPTIMIZER).toString());
        optimizer.load(archive);
        return Json.read(runDir.resolve(DIR).resolve(STATE), stateType);
    }
}
