package dev.retort.kd.model;

import dev.retort.core.BadInputException;
import dev.retort.core.io.AtomicDirectory;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.metrics.AstValidity;
import dev.retort.kd.retrieve.AssertionMemory;
import dev.retort.kd.tokenize.Tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Turns an assertion example into model token ids. Source = test_method_masked, SEP, focal_method, cut to
 * maxInputLen tokens (the focal method's tail goes first). With a retrieval memory the source starts with the
 * retrieved neighbour's assertions (at most maxOutputLen tokens) and a SEP, so the model can copy and edit them.
 * Target = the assertions joined by "\n", cut to maxOutputLen tokens. The special ids come from the tokenizer,
 * so they agree with the model's config.
 *
 * @param memory null for plain inputs
 */
public record ExampleEncoder(Tokenizer tokenizer, AssertionMemory memory, int maxInputLen, int maxOutputLen) {

    /** Source and target ids of one example; target is empty for inference-only inputs. */
    public record Encoded(int[] source, int[] target) {
    }

    /** An encoder without retrieval. */
    public ExampleEncoder(Tokenizer tokenizer, int maxInputLen, int maxOutputLen) {
        this(tokenizer, null, maxInputLen, maxOutputLen);
    }

    /** The encoder a saved model was trained with: its tokenizer, its memory if it has one, and its lengths. */
    public static ExampleEncoder forModel(Path modelDir, ModelConfig config) {
        Path tokenizerFile = modelDir.resolve(Seq2SeqModel.TOKENIZER_FILE);
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new BadInputException(modelDir + ": has no " + Seq2SeqModel.TOKENIZER_FILE + "; save the model with its tokenizer");
        }
        Tokenizer tok = Tokenizer.load(tokenizerFile);
        if (tok.vocabSize() != config.vocabSize()) {
            throw new BadInputException(tokenizerFile + ": " + tok.vocabSize() + " tokens, but the model has " + config.vocabSize());
        }
        return new ExampleEncoder(tok, AssertionMemory.inModel(modelDir).orElse(null), config.maxSourceLen(), config.maxTargetLen() - 1);
    }

    public Encoded encode(AssertionExample example) {
        return new Encoded(source(example), target(example.target()));
    }

    public int[] source(AssertionExample example) {
        int[] hint = memory == null ? new int[0] : target(memory.hint(example));
        int[] test = tokenizer.encode(example.testMethodMasked());
        int[] focal = tokenizer.encode(example.focalMethod());
        int lead = memory == null ? 0 : hint.length + 1;
        int[] ids = new int[lead + test.length + 1 + focal.length];
        if (memory != null) {
            System.arraycopy(hint, 0, ids, 0, hint.length);
            ids[hint.length] = tokenizer.sep();
        }
        System.arraycopy(test, 0, ids, lead, test.length);
        ids[lead + test.length] = tokenizer.sep();
        System.arraycopy(focal, 0, ids, lead + test.length + 1, focal.length);
        return ids.length > maxInputLen ? Arrays.copyOf(ids, maxInputLen) : ids;
    }

    public int[] target(String assertions) {
        int[] ids = tokenizer.encode(assertions);
        return ids.length > maxOutputLen ? Arrays.copyOf(ids, maxOutputLen) : ids;
    }

    public String decode(int[] ids) {
        return tokenizer.decode(ids);
    }

    /**
     * A generated output as text. When generation ran into its length limit (maxLen steps, or the model's own
     * limit) without EOS, the last statement is usually cut mid-way: it is dropped, so every line returned is whole.
     */
    public String decodeGenerated(int[] ids, int maxLen) {
        String text = tokenizer.decode(ids);
        if (ids.length < Math.min(maxLen, maxOutputLen + 1) || text.strip().endsWith(";")) return text;
        int lastBreak = text.lastIndexOf('\n');
        return lastBreak < 0 ? "" : text.substring(0, lastBreak);
    }

    /**
     * What a user is given for a generated text: its lines that parse as Java statements, or — when none does and
     * this encoder has a retrieval memory — the assertions of the example's nearest training example (the model's
     * own hint), so the answer is always valid Java.
     */
    public String checkedOutput(AssertionExample example, String generated, AstValidity syntax) {
        String valid = syntax.validLines(generated);
        return valid.isEmpty() && memory != null ? memory.hint(example) : valid;
    }

    /** Writes a complete model directory atomically: the model's files, the tokenizer and this encoder's memory, if any. */
    public void saveModel(Seq2SeqModel model, Path tokenizerJson, Path dir) {
        AtomicDirectory.write(dir, tmp -> writeModelInto(model, tokenizerJson, tmp));
    }

    /** As {@link #saveModel} into a directory whose atomicity the caller provides (a checkpoint). */
    void writeModelInto(Seq2SeqModel model, Path tokenizerJson, Path dir) {
        model.writeInto(dir, tokenizerJson);
        if (memory != null) memory.saveInto(dir);
    }

    /** A model config for this tokenizer: the preset's shape with this encoder's lengths (+1 for BOS/EOS). */
    public ModelConfig config(String preset) {
        return ModelConfig.preset(preset, tokenizer.vocabSize(), tokenizer.pad(), tokenizer.bos(), tokenizer.eos())
                .withLengths(maxInputLen, maxOutputLen + 1);
    }
}
