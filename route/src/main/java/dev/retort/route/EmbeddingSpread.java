package dev.retort.route;

import dev.retort.core.Rng;
import dev.retort.text.embed.TextEmbedder;
import dev.retort.text.embed.TextRole;

import java.util.ArrayList;
import java.util.List;

/**
 * The proposal's phase-3 embedding-model uncertainty, with what a deterministic ONNX encoder allows: each question is
 * embedded again {@value #VARIANTS} times with words dropped at random (token dropout at the input, since the packaged
 * models run without dropout), and its uncertainty is the mean of 1 − cos(variant, whole question) over the variants.
 * A question whose meaning rests on a few words moves more. Seeded; a one-word question has spread 0.
 */
final class EmbeddingSpread {
    /** Dropped-word copies per question. */
    static final int VARIANTS = 4;
    /** Chance that each word is dropped (at least one is dropped and one kept when the question has two or more). */
    static final double DROP = 0.15;

    private EmbeddingSpread() {
    }

    /** Spread per question [n], embedded as queries by {@code encoder}. */
    static double[] of(List<String> questions, TextEmbedder encoder, Rng rng) {
        List<String> variants = new ArrayList<>(questions.size() * VARIANTS);
        for (String q : questions) for (int v = 0; v < VARIANTS; v++) variants.add(dropWords(q, rng));
        float[][] whole = encoder.embed(questions, TextRole.QUERY);
        float[][] dropped = encoder.embed(variants, TextRole.QUERY);
        double[] spread = new double[questions.size()];
        for (int i = 0; i < spread.length; i++) {
            double sum = 0;
            for (int v = 0; v < VARIANTS; v++) sum += 1 - TextEmbedder.cosine(whole[i], dropped[i * VARIANTS + v]);
            spread[i] = sum / VARIANTS;
        }
        return spread;
    }

    /** The text with each whitespace-separated word dropped with chance {@link #DROP}; at least one dropped, one kept. */
    static String dropWords(String text, Rng rng) {
        String[] words = text.strip().split("\\s+");
        if (words.length < 2) return text;
        boolean[] drop = new boolean[words.length];
        int dropped = 0;
        for (int w = 0; w < words.length; w++) if (drop[w] = rng.nextDouble() < DROP) dropped++;
        if (dropped == 0) drop[rng.nextInt(words.length)] = true;
        if (dropped == words.length) drop[rng.nextInt(words.length)] = false;
        StringBuilder out = new StringBuilder();
        for (int w = 0; w < words.length; w++) if (!drop[w]) out.append(out.isEmpty() ? "" : " ").append(words[w]);
        return out.toString();
    }
}
