package dev.retort.text.embed;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The convention of {@link TextEmbedder}: cosine for any rows, dot for unit rows, 0 against a zero row. */
class TextEmbedderTest {
    @Test
    void cosineDividesByTheNormsAndDotEqualsItOnUnitRows() {
        float[] a = {3, 4}, b = {4, 3};
        assertThat(TextEmbedder.cosine(a, b)).isCloseTo(24.0 / 25, within(1e-12));
        float[] ua = {0.6f, 0.8f}, ub = {0.8f, 0.6f};
        assertThat(TextEmbedder.dot(ua, ub)).isCloseTo(TextEmbedder.cosine(a, b), within(1e-6));
    }

    @Test
    void aZeroRowHasSimilarityZero() {
        float[] zero = {0, 0}, u = {1, 0};
        assertThat(TextEmbedder.cosine(zero, u)).isZero();
        assertThat(TextEmbedder.dot(zero, u)).isZero();
    }
}
