package dev.retort.kd.model;

import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.tokenize.Tokenizer;

import java.util.Arrays;

/**
 * Turns an assertion example into model token ids: source = test_method_masked, SEP, focal_method, cut to
 * maxInputLen tokens (the focal method's tail goes first); target = the assertions joined by "\n", cut to
 * maxOutputLen tokens. The special ids come from the tokenizer, so they agree with the model's config.
 */
public record ExampleEncoder(Tokenizer tokenizer, int maxInputLen, int maxOutputLen) {

    /** Source and target ids of one example; target is empty for inference-only inputs. */
    public record Encoded(int[] source, int[] target) {
    }

    public Encoded encode(AssertionExample example) {
        return new Encoded(source(example.testMethodMasked(), example.focalMethod()), target(example.target()));
    }

    public int[] source(String testMethodMasked, String focalMethod) {
        int[] test = tokenizer.encode(testMethodMasked);
        int[] focal = tokenizer.encode(focalMethod);
        int[] ids = new int[test.length + 1 + focal.length];
        System.arraycopy(test, 0, ids, 0, test.length);
        ids[test.length] = tokenizer.sep();
        System.arraycopy(focal, 0, ids, test.length + 1, focal.length);
        return ids.length > maxInputLen ? Arrays.copyOf(ids, maxInputLen) : ids;
    }

    public int[] target(String assertions) {
        int[] ids = tokenizer.encode(assertions);
        return ids.length > maxOutputLen ? Arrays.copyOf(ids, maxOutputLen) : ids;
    }

    public String decode(int[] ids) {
        return tokenizer.decode(ids);
    }

    /** A model config for this tokenizer: the preset's shape with this encoder's lengths (+1 for BOS/EOS). */
    public ModelConfig config(String preset) {
        return ModelConfig.preset(preset, tokenizer.vocabSize(), tokenizer.pad(), tokenizer.bos(), tokenizer.eos())
                .withLengths(maxInputLen, maxOutputLen + 1);
    }
}
