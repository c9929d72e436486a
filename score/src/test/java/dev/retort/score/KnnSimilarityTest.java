package dev.retort.score;

import dev.retort.text.embed.EmbeddingModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** f6 with the real MiniLM embedder: slow (loads the ONNX model); run with ./mvnw -o test -pl score -Pall-tests. */
@Tag("slow")
class KnnSimilarityTest {
    @Test
    void maxCosineIsOneForAKnownExampleAndLowerForUnrelatedText() {
        List<String> good = List.of("The capital of France is Paris.", "Water boils at 100 degrees Celsius at sea level.");
        double[] s = KnnSimilarity.maxCosine(List.of("The capital of France is Paris.", "What is the boiling point of water?",
                "My cat sleeps on the keyboard all afternoon."), good, EmbeddingModel.MINILM);
        assertThat(s[0]).isCloseTo(1.0, within(1e-4));
        assertThat(s[1]).isLessThan(s[0]).isGreaterThan(s[2]);
    }
}
