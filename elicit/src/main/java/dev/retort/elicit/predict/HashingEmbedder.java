package dev.retort.elicit.predict;

import dev.retort.text.embed.TextEmbedder;
import dev.retort.text.embed.TextRole;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * A model-free embedding: word unigrams and bigrams hashed into {@code dimension} signed buckets, weighted
 * 1/√count, L2-normalized (a text without words gives a zero row). Lexical only, so queries and passages are
 * embedded alike; for tests and for machines without the sentence-embedding models.
 */
public final class HashingEmbedder implements TextEmbedder {
    private final int dimension;

    public HashingEmbedder(int dimension) {
        this.dimension = dimension;
    }

    @Override
    public String name() {
        return "hashing-" + dimension;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public boolean unitNormalized() {
        return true;
    }

    @Override
    public float[][] embed(List<String> texts, TextRole role) {
        float[][] out = new float[texts.size()][];
        for (int t = 0; t < out.length; t++) out[t] = embed(texts.get(t));
        return out;
    }

    private float[] embed(String text) {
        List<String> words = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) if (!w.isEmpty()) words.add(w);
        float[] v = new float[dimension];
        for (int i = 0; i < words.size(); i++) {
            add(v, words.get(i));
            if (i + 1 < words.size()) add(v, words.get(i) + " " + words.get(i + 1));
        }
        double norm = 0;
        for (float x : v) norm += x * x;
        if (norm > 0) for (int i = 0; i < v.length; i++) v[i] /= (float) Math.sqrt(norm);
        return v;
    }

    private void add(float[] v, String feature) {
        CRC32C crc = new CRC32C();
        crc.update(feature.getBytes(StandardCharsets.UTF_8));
        long h = crc.getValue();
        v[(int) (h % dimension)] += (h >>> 32 & 1) == 0 ? 1 : -1;
    }
}
