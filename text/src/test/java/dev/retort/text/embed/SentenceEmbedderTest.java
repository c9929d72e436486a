package dev.retort.text.embed;

import dev.retort.core.BadInputException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SentenceEmbedderTest {
    // Questions from data/skills-qa: two paraphrases of one need, one about something else.
    static final String ASK = "How do I extract structured data from Markdown example files?";
    static final String PARAPHRASE = "What is the way to pull records out of markdown files as JSON?";
    static final String UNRELATED = "The train to Lyon leaves at seven in the morning.";

    @Test
    void minilmInt8IsUnitNormDeterministicAndSane() {
        checkModel(EmbeddingModel.MINILM_Q);
    }

    @Test
    @Tag("slow")
    void minilmFp32IsUnitNormDeterministicAndSane() {
        checkModel(EmbeddingModel.MINILM);
    }

    @Test
    @Tag("slow")
    void bgeIsUnitNormDeterministicAndSane() {
        checkModel(EmbeddingModel.BGE);
    }

    @Test
    void parseNamesEveryModelAndRejectsOthers() {
        assertThat(EmbeddingModel.parse("MiniLM")).isEqualTo(EmbeddingModel.MINILM);
        assertThat(EmbeddingModel.parse("minilm_q")).isEqualTo(EmbeddingModel.MINILM_Q);
        assertThat(EmbeddingModel.parse("bge")).isEqualTo(EmbeddingModel.BGE);
        assertThatThrownBy(() -> EmbeddingModel.parse("e5"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("minilm, minilm-q, bge");
    }

    private static void checkModel(EmbeddingModel model) {
        try (SentenceEmbedder e = SentenceEmbedder.open(model)) {
            assertThat(e.dimension()).isEqualTo(384);
            List<String> texts = List.of(ASK, PARAPHRASE, UNRELATED, "", "x".repeat(5000));
            float[][] v = e.embedPassages(texts);
            assertThat(v).hasNumberOfRows(texts.size());
            for (float[] row : v) assertThat(norm(row)).isCloseTo(1.0, within(1e-5));

            assertThat(e.embedPassages(texts)).isDeepEqualTo(v);
            // One text alone (different batch and padding) matches its vector from the batch closely; int8
            // quantizes activations with one scale per batch tensor, so there the batch matters more.
            float alone = dot(e.embedPassages(List.of(PARAPHRASE))[0], v[1]);
            assertThat(alone).isGreaterThan(model == EmbeddingModel.MINILM_Q ? 0.98f : 0.9999f);

            assertThat(dot(v[0], v[1])).isGreaterThan(dot(v[0], v[2]) + 0.2f);

            float[][] q = e.embedQueries(List.of(ASK));
            // As a TextEmbedder: the roles are the two methods, and the name is the model's CLI name.
            assertThat(e.embed(List.of(ASK), TextRole.QUERY)).isDeepEqualTo(q);
            assertThat(e.embed(texts)).isDeepEqualTo(v);
            assertThat(e.name()).isEqualTo(model.cliName());
            assertThat(e.unitNormalized()).isTrue();
            if (model.queryPrefix().isEmpty()) {
                assertThat(q[0]).containsExactly(e.embedPassages(List.of(ASK))[0]);
            } else {
                assertThat(dot(q[0], v[0])).isLessThan(0.9999f);   // the instruction changed the vector
                assertThat(dot(q[0], v[1])).isGreaterThan(dot(q[0], v[2]));
            }
        }
    }

    static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }

    static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
