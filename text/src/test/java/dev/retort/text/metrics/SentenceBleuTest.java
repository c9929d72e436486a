package dev.retort.text.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.io.Json;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SentenceBleuTest {

    /** 50 pairs scored by NLTK 3.8 (bench/kd/bleu_reference.py): every one must agree to 1e-12. */
    @Test
    void matchesNltkSentenceBleuMethod1() throws Exception {
        var in = getClass().getResourceAsStream("/metrics/bleu_nltk.jsonl");
        int checked = 0;
        try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                JsonNode n = Json.MAPPER.readTree(line);
                double ours = SentenceBleu.score(n.get("reference").asText(), n.get("hypothesis").asText());
                assertThat(ours).as(line).isCloseTo(n.get("nltk_bleu").asDouble(), within(1e-12));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(50);
    }

    @Test
    void tokenizesCodeIntoIdentifiersLiteralsAndPunctuation() {
        assertThat(CodeTokens.of("assertEquals(\"a b\", s.trim(), 1.5f);"))
                .containsExactly("assertEquals", "(", "\"a b\"", ",", "s", ".", "trim", "(", ")", ",", "1.5f", ")", ";");
    }

    @Test
    void longGeneratedLiteralsDoNotOverflowTheStack() {
        String literal = "\"" + "a\\\"b ".repeat(20_000) + "\"";
        assertThat(CodeTokens.of("assertEquals(" + literal + ", x);")).hasSize(7);
        assertThat(CodeTokens.of("assertEquals(\"" + "x".repeat(100_000) + ", y);")).hasSize(8);
        assertThat(Pans.score(literal + literal, literal)).isBetween(0.0, 1.0);
    }

    @Test
    void identicalIsOneAndDisjointIsZero() {
        assertThat(SentenceBleu.score(List.of("a", "b", "c", "d", "e"), List.of("a", "b", "c", "d", "e"))).isEqualTo(1.0);
        assertThat(SentenceBleu.score(List.of("a", "b"), List.of("c", "d"))).isZero();
    }
}
