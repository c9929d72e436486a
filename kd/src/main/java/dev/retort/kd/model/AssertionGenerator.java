package dev.retort.kd.model;

import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.metrics.AstValidity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained model with its tokenizer: loads a model directory and writes assertions for a test/focal pair.
 *
 * @param greedy the model's {@link Seq2SeqModel#fastDecoder} snapshot, taken at load: a generator is for a model whose
 *               weights no longer change
 */
public record AssertionGenerator(Seq2SeqModel model, ExampleEncoder encoder, FastGreedyDecoder greedy) {

    /** A model directory, or a train-teacher run directory (its {@code best/} is used). */
    public static AssertionGenerator load(Path dir) {
        Path modelDir = modelDir(dir);
        Seq2SeqModel model = Seq2SeqModel.load(modelDir);
        return new AssertionGenerator(model, ExampleEncoder.forModel(modelDir, model.config()), model.fastDecoder());
    }

    /** The model directory itself, or a train-teacher run directory's {@code best/}. */
    public static Path modelDir(Path dir) {
        return Files.isRegularFile(dir.resolve("best").resolve(Seq2SeqModel.CONFIG_FILE)) ? dir.resolve("best") : dir;
    }

    /** Assertions, one per line, checked by {@link ExampleEncoder#checkedOutput} (every line parses); beam 1 is greedy. */
    public String generate(String testMethodMasked, String focalMethod, int beam) {
        AssertionExample input = new AssertionExample("input", focalMethod, testMethodMasked, List.of(), null, null, null, null);
        int[] source = encoder.source(input);
        int maxLen = encoder.maxOutputLen() + 1;
        int[] ids = beam == 1 ? greedy.generate(source, maxLen) : model.generateBeam(List.of(source), maxLen, beam).getFirst();
        return encoder.checkedOutput(input, encoder.decodeGenerated(ids, maxLen), new AstValidity());
    }
}
