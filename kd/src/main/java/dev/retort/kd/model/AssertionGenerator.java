package dev.retort.kd.model;

import dev.retort.kd.data.AssertionExample;
import dev.retort.text.metrics.AstValidity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained model with its tokenizer: loads a model directory and writes assertions for a test/focal pair. Greedy and
 * beam generation use the model's {@link Seq2SeqModel#fastDecoder} snapshot (plain-Java steps), taken on the first call
 * (loading for teacher logits or distillation never pays for it): a generator is for a model whose weights no longer change.
 * Not thread-safe.
 */
public final class AssertionGenerator {
    private final Seq2SeqModel model;
    private final ExampleEncoder encoder;
    private FastGreedyDecoder fast;

    public AssertionGenerator(Seq2SeqModel model, ExampleEncoder encoder) {
        this.model = model;
        this.encoder = encoder;
    }

    /** A model directory, or a train-teacher run directory (its {@code best/} is used). */
    public static AssertionGenerator load(Path dir) {
        Path modelDir = modelDir(dir);
        Seq2SeqModel model = Seq2SeqModel.load(modelDir);
        return new AssertionGenerator(model, ExampleEncoder.forModel(modelDir, model.config()));
    }

    /** The model directory itself, or a train-teacher run directory's {@code best/}. */
    public static Path modelDir(Path dir) {
        return Files.isRegularFile(dir.resolve("best").resolve(Seq2SeqModel.CONFIG_FILE)) ? dir.resolve("best") : dir;
    }

    public Seq2SeqModel model() {
        return model;
    }

    public ExampleEncoder encoder() {
        return encoder;
    }

    /**
     * What a user is handed for one input: {@code text} (checked by {@link ExampleEncoder#checkedOutput}: every line
     * parses), the model's {@code raw} text, and whether {@code text} is the nearest training example's assertion
     * because nothing the model wrote parsed.
     */
    public record Answer(String text, String raw, boolean fromNeighbour) {
    }

    /** Assertions, one per line, checked by {@link ExampleEncoder#checkedOutput} (every line parses); beam 1 is greedy. */
    public String generate(String testMethodMasked, String focalMethod, int beam) {
        return answer(testMethodMasked, focalMethod, beam).text();
    }

    /** As {@link #generate(String, String, int)}, saying where the text came from. */
    public Answer answer(String testMethodMasked, String focalMethod, int beam) {
        AssertionExample input = new AssertionExample("input", focalMethod, testMethodMasked, List.of(), null, null, null, null);
        return answer(input, beam, encoder.maxOutputLen() + 1, new AstValidity());
    }

    /**
     * As {@link #answer(String, String, int)} for a whole example (so a retrieval model's fallback neighbour skips the
     * example's own split group), with the caller's parser.
     */
    public Answer answer(AssertionExample input, int beam, AstValidity syntax) {
        return answer(input, beam, encoder.maxOutputLen() + 1, syntax);
    }

    /** As {@link #generate(String, String, int)} for an example, at most {@code maxLen} tokens, with the caller's parser. */
    public String generate(AssertionExample input, int beam, int maxLen, AstValidity syntax) {
        return answer(input, beam, maxLen, syntax).text();
    }

    private Answer answer(AssertionExample input, int beam, int maxLen, AstValidity syntax) {
        int[] source = encoder.source(input);
        if (fast == null) fast = model.fastDecoder();
        int[] ids = beam == 1 ? fast.generate(source, maxLen) : fast.beam(source, maxLen, beam).getFirst();
        String raw = encoder.decodeGenerated(input, ids, maxLen);
        String text = encoder.checkedOutput(input, raw, syntax);
        return new Answer(text, raw, !text.isEmpty() && syntax.validLines(raw).isEmpty());
    }
}
