package dev.retort.kd.loss;

import dev.retort.text.embed.TextEmbedder;
import dev.retort.text.embed.TextRole;

import java.util.List;

/**
 * A small real embedder for tests: hashed character-trigram counts, L2-normalized (no model download).
 */
public final class CharTrigramEmbedder implements TextEmbedder {
    static final int DIM = 64;

    @Override
    public String name() {
        return "char-trigram";
    }

    @Override
    public int dimension() {
        return DIM;
    }

    @Override
    public boolean unitNormalized() {
        return true;
    }

    @Override
    public float[][] embed(List<String> texts, TextRole role) {
        float[][] out = new float[texts.size()][DIM];
        for (int i = 0; i < texts.size(); i++) {
            String s = "  " + texts.get(i) + " ";
            double norm = 0;
            for (int j = 0; j + 3 <= s.length(); j++) out[i][Math.floorMod(s.substring(j, j + 3).hashCode(), DIM)] += 1;
            for (float v : out[i]) norm += v * v;
            for (int d = 0; d < DIM; d++) out[i][d] /= (float) Math.sqrt(norm);
        }
        return out;
    }
}
