package dev.retort.kd.model;

import dev.retort.core.BadInputException;
import dev.retort.kd.tokenize.Tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A trained model with its tokenizer: loads a model directory and writes assertions for a test/focal pair. */
public record AssertionGenerator(Seq2SeqModel model, ExampleEncoder encoder) {

    /** A model directory, or a train-teacher run directory (its {@code best/} is used). */
    public static AssertionGenerator load(Path dir) {
        Path modelDir = Files.isRegularFile(dir.resolve("best").resolve(Seq2SeqModel.CONFIG_FILE)) ? dir.resolve("best") : dir;
        Path tokenizer = modelDir.resolve(Seq2SeqModel.TOKENIZER_FILE);
        Seq2SeqModel model = Seq2SeqModel.load(modelDir);
        if (!Files.isRegularFile(tokenizer)) throw new BadInputException(modelDir + ": has no " + Seq2SeqModel.TOKENIZER_FILE + "; save the model with its tokenizer");
        Tokenizer tok = Tokenizer.load(tokenizer);
        if (tok.vocabSize() != model.config().vocabSize()) {
            throw new BadInputException(tokenizer + ": " + tok.vocabSize() + " tokens, but the model has " + model.config().vocabSize());
        }
        return new AssertionGenerator(model, new ExampleEncoder(tok, model.config().maxSourceLen(), model.config().maxTargetLen() - 1));
    }

    /** Assertions, one per line; beam 1 is greedy. */
    public String generate(String testMethodMasked, String focalMethod, int beam) {
        List<int[]> source = List.of(encoder.source(testMethodMasked, focalMethod));
        int maxLen = encoder.maxOutputLen() + 1;
        int[] ids = beam == 1 ? model.generateGreedy(source, maxLen).getFirst() : model.generateBeam(source, maxLen, beam).getFirst();
        return encoder.decode(ids);
    }
}
