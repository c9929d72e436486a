package dev.retort.kd.model;

/**
 * One encoded source as the Java decoder reads it: batch 1, so every position is a real token (no padding mask).
 *
 * @param ids         [S] source token ids (after truncation to maxSourceLen), where the copy head puts its mass
 * @param states      [S * d] encoder output after its final LayerNorm
 * @param crossKeys   [layers][d * S] each decoder layer's cross-attention keys, transposed: Kᵀ [d, S]
 * @param crossValues [layers][S * d] the matching values, V [S, d]
 * @param copyKeys    [S * d] pointer-head keys, or null when the config has no copy head
 */
record SourceMemory(int[] ids, float[] states, float[][] crossKeys, float[][] crossValues, float[] copyKeys) {
    int length() {
        return ids.length;
    }
}
