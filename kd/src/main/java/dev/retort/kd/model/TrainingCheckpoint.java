package dev.retort.kd.model;

import dev.retort.core.train.CheckpointDirectory;
import org.bytedeco.pytorch.AdamW;

import java.nio.file.Path;

/** A seq2seq trainer's {@code checkpoint/} ({@link CheckpointDirectory}) holding a {@link Seq2SeqModel} and, when given, its encoder's memory and settings. */
public final class TrainingCheckpoint {
    private TrainingCheckpoint() {
    }

    /** Model, tokenizer (copied in when not null) and memory as {@code encoder} writes them, optimizer, state. */
    public static void save(Path runDir, Seq2SeqModel model, Path tokenizerJson, ExampleEncoder encoder, AdamW optimizer, Object state) {
        CheckpointDirectory.save(runDir, dir -> encoder.writeModelInto(model, tokenizerJson, dir), optimizer, state);
    }

    /** Model and tokenizer (no encoder memory, e.g. a pretrained model), optimizer, state. */
    public static void save(Path runDir, Seq2SeqModel model, Path tokenizerJson, AdamW optimizer, Object state) {
        CheckpointDirectory.save(runDir, dir -> model.writeInto(dir, tokenizerJson), optimizer, state);
    }

    /** The saved model (load it before building the optimizer over its parameters). */
    public static Seq2SeqModel model(Path runDir) {
        return Seq2SeqModel.load(runDir.resolve(CheckpointDirectory.DIR));
    }
}
