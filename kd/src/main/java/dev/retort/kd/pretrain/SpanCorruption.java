package dev.retort.kd.pretrain;

import dev.retort.core.BadInputException;
import dev.retort.core.Rng;
import dev.retort.kd.model.ExampleEncoder;
import dev.retort.text.tokenize.Tokenizer;

import java.util.Arrays;

/**
 * T5 span corruption (Raffel et al. 2020, as in CodeT5): about {@code noiseDensity} of an input's tokens, in spans
 * of mean length {@code meanSpanLength}, are each replaced in the source by one sentinel token, and the target is
 * the sentinels in order, each followed by the tokens it replaced:
 * <pre>
 *   input   a b c d e f g h
 *   source  a b S0 e f g S1
 *   target  S0 c d S1 h
 * </pre>
 * Sentinel k is the tokenizer's {@code <|sentinel_k|>} (see {@link Tokenizer#sentinel}): a special token of its own
 * with its own embedding, never produced from text, so a source or target is unambiguous and putting each span back
 * at its sentinel restores the input exactly. The number of noise tokens and spans depends only on the input
 * length (so the target length is known in advance); which tokens are noise is drawn from a stream that depends
 * only on (seed, example index, epoch), so a resumed run corrupts every example exactly as an uninterrupted one.
 * Like T5, the first segment is always kept and the spans alternate with kept segments.
 */
public record SpanCorruption(double noiseDensity, double meanSpanLength) {
    /** T5's setting: 15 % noise, mean span length 3. */
    public static final SpanCorruption T5 = new SpanCorruption(0.15, 3.0);

    public SpanCorruption {
        if (!(noiseDensity > 0 && noiseDensity < 1)) throw new BadInputException("noise density must be in (0, 1), got " + noiseDensity);
        if (!(meanSpanLength >= 1)) throw new BadInputException("mean span length must be at least 1, got " + meanSpanLength);
    }

    /** Noise tokens in an input of {@code length} ≥ 2 tokens: round(length · density), at least 1 and at most length − 1. */
    int noiseTokens(int length) {
        return (int) Math.max(1, Math.min(length - 1, Math.round(length * noiseDensity)));
    }

    /** Noise spans: round(noise / mean span length), at least 1, at most the noise tokens, the kept tokens and maxSpans. */
    int spans(int length, int maxSpans) {
        int noise = noiseTokens(length);
        long spans = Math.round(noise / meanSpanLength);
        return (int) Math.max(1, Math.min(spans, Math.min(Math.min(noise, length - noise), maxSpans)));
    }

    /** Target length (sentinels + noise tokens) for an input of {@code length} tokens. */
    public int targetLength(int length, int maxSpans) {
        return noiseTokens(length) + spans(length, maxSpans);
    }

    /** The longest input length ≤ maxInputLen whose target has at most maxOutputLen tokens. */
    public int longestInput(int maxInputLen, int maxOutputLen, int maxSpans) {
        for (int length = maxInputLen; length >= 2; length--) if (targetLength(length, maxSpans) <= maxOutputLen) return length;
        throw new BadInputException("--max-output-len " + maxOutputLen + " is too short for any corrupted input; use at least 2");
    }

    /**
     * Corrupts {@code ids} (at least 2 tokens) with the tokenizer's sentinels.
     *
     * @param seed  the run's corruption seed; with (index, epoch) it fixes the noise positions
     */
    public ExampleEncoder.Encoded corrupt(int[] ids, Tokenizer tokenizer, long seed, int index, int epoch) {
        int n = ids.length;
        if (n < 2) throw new IllegalArgumentException("cannot corrupt fewer than 2 tokens");
        if (tokenizer.sentinelCount() == 0) throw new IllegalArgumentException("the tokenizer has no sentinel tokens");
        int noise = noiseTokens(n), spans = spans(n, tokenizer.sentinelCount());
        Rng rng = new Rng(seed).fork("span-corruption/" + epoch + "/" + index);
        int[] noiseLengths = segments(noise, spans, rng), keptLengths = segments(n - noise, spans, rng);
        int[] source = new int[n - noise + spans], target = new int[noise + spans];
        int at = 0, s = 0, t = 0;
        for (int k = 0; k < spans; k++) {
            System.arraycopy(ids, at, source, s, keptLengths[k]);
            at += keptLengths[k];
            s += keptLengths[k];
            source[s++] = tokenizer.sentinel(k);
            target[t++] = tokenizer.sentinel(k);
            System.arraycopy(ids, at, target, t, noiseLengths[k]);
            at += noiseLengths[k];
            t += noiseLengths[k];
        }
        return new ExampleEncoder.Encoded(source, target);
    }

    /** {@code total} items cut into {@code parts} non-empty segments at uniformly drawn distinct cut points. */
    private static int[] segments(int total, int parts, Rng rng) {
        int[] cuts = new int[parts + 1];
        int[] order = rng.permutation(total - 1);                 // candidate cut points 1..total-1, shuffled
        for (int i = 0; i < parts - 1; i++) cuts[i + 1] = order[i] + 1;
        cuts[parts] = total;
        Arrays.sort(cuts, 1, parts);
        int[] lengths = new int[parts];
        for (int i = 0; i < parts; i++) lengths[i] = cuts[i + 1] - cuts[i];
        return lengths;
    }
}
