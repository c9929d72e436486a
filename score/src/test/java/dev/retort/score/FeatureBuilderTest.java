package dev.retort.score;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.io.Json;
import dev.retort.core.io.JsonRecord;
import dev.retort.core.io.NdArray;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FeatureBuilderTest {
    static JsonRecord record(String json) throws Exception {
        return new JsonRecord(Path.of("items.jsonl"), 1, (ObjectNode) Json.MAPPER.readTree(json));
    }

    static double col(FeatureTable t, String name, int row) {
        return t.rows()[row][t.names().indexOf(name)];
    }

    @Test
    void topKFeaturesFollowTheirDefinitions() throws Exception {
        double lnHalf = Math.log(0.5);
        // primary: position 0 = {a: .5, b: .5}; position 1 = {a: .9} + rest .1
        // secondaries: two members both certain of a at both positions; evaluator: {yes: .5, no: .25} + rest .25
        String json = """
                {"id": "q1", "text": "what is a", "quality": 0.7, "label": 1,
                 "primary": [[{"token": "a", "logprob": %s}, {"token": "b", "logprob": %s}], {"a": %s}],
                 "secondary": [[{"a": 0.0}, {"a": 0.0}], [{"a": 0.0}, {"a": 0.0}]],
                 "evaluator": [{"yes": %s, "no": %s}]}
                """.formatted(lnHalf, lnHalf, Math.log(0.9), lnHalf, Math.log(0.25));
        ItemOutputs item = ItemOutputs.fromTopK(record(json), "text", "quality", "label");
        assertThat(item.primary().vocab()).isEqualTo(3);                            // a, b, rest
        FeatureTable t = FeatureBuilder.build(List.of(item), 1.0, Reduction.MEAN, new double[]{0.42});
        assertThat(t.names()).containsExactly(FeatureBuilder.F1, FeatureBuilder.F2, FeatureBuilder.F3, FeatureBuilder.F4,
                FeatureBuilder.F5, FeatureBuilder.F6, FeatureBuilder.F7);
        double h0 = Math.log(2), h1 = -(0.9 * Math.log(0.9) + 0.1 * Math.log(0.1));
        double hSeq = (h0 + h1) / 2, logV = Math.log(3);
        assertThat(col(t, FeatureBuilder.F4, 0)).isCloseTo(hSeq, within(1e-6));
        assertThat(col(t, FeatureBuilder.F1, 0)).isCloseTo(1 - hSeq / logV, within(1e-6));
        assertThat(col(t, FeatureBuilder.F2, 0)).isCloseTo(1.0, within(1e-6));    // secondaries agree and are sure
        double hEval = -(0.5 * Math.log(0.5) + 2 * 0.25 * Math.log(0.25));
        assertThat(col(t, FeatureBuilder.F3, 0)).isCloseTo(1 - hEval / Math.log(3), within(1e-6));
        // JSD over {primary, sec, sec}: mixture at pos 0 = (.5+1+1)/3 on a, .5/3 on b
        double[] mix0 = {2.5 / 3, 0.5 / 3}, mix1 = {2.9 / 3, 0.1 / 3};
        double jsd0 = ent(mix0) - h0 / 3, jsd1 = ent(mix1) - h1 / 3;
        assertThat(col(t, FeatureBuilder.F5, 0)).isCloseTo((jsd0 + jsd1) / 2, within(1e-6));
        assertThat(col(t, FeatureBuilder.F6, 0)).isEqualTo(0.42);
        assertThat(col(t, FeatureBuilder.F7, 0)).isEqualTo(0.7);
        assertThat(t.labels()).containsExactly(1.0);
    }

    static double ent(double[] p) {
        double h = 0;
        for (double q : p) if (q > 0) h -= q * Math.log(q);
        return h;
    }

    @Test
    void disjointCertainMembersDisagreeByLog2() throws Exception {
        String json = """
                {"primary": [{"x": 0.0}], "secondary": [[{"y": 0.0}]]}""";
        FeatureTable t = FeatureBuilder.build(List.of(ItemOutputs.fromTopK(record(json), null, null, null)), 1.0, Reduction.MEAN, null);
        assertThat(t.names()).containsExactly(FeatureBuilder.F1, FeatureBuilder.F2, FeatureBuilder.F4, FeatureBuilder.F5);
        assertThat(col(t, FeatureBuilder.F5, 0)).isCloseTo(Math.log(2), within(1e-6));
        assertThat(col(t, FeatureBuilder.F1, 0)).isCloseTo(1.0, within(1e-6));
        assertThat(t.labels()).isNull();
    }

    @Test
    void logitArraysWithMaskGiveTheSameAsTrimmedItems() {
        // 2 items, 3 positions, vocab 4; item 1's last position is padding holding garbage
        float[] p = {0, 0, 0, 0, 2, 0, 0, 0, 5, 1, 0, 0,
                1, 2, 3, 4, 0, 0, 0, 0, 99, 99, 99, 99};
        NdArray mask = NdArray.ofFloats(new float[]{1, 1, 1, 1, 1, 0}, 2, 3);
        List<ItemOutputs> items = ItemOutputs.fromLogits(NdArray.ofFloats(p, 2, 3, 4), List.of(NdArray.ofFloats(p, 2, 3, 4)), null, mask, null, null, null, null);
        assertThat(items.get(1).primary().seq()).isEqualTo(2);
        FeatureTable t = FeatureBuilder.build(items, 1.0, Reduction.MEAN, null);
        double[] z1 = {1, 2, 3, 4};
        assertThat(col(t, FeatureBuilder.F4, 1)).isCloseTo((EntropyTest.direct(z1, 1) + Math.log(4)) / 2, within(1e-6));
        assertThat(col(t, FeatureBuilder.F5, 1)).isCloseTo(0.0, within(1e-6));     // identical members
    }

    @Test
    void badTopKInputNamesTheField() {
        assertThatThrownBy(() -> ItemOutputs.fromTopK(record("{\"primary\": [{\"a\": 0.5}]}"), null, null, null))
                .isInstanceOf(BadInputException.class).hasMessageContaining("field 'primary'").hasMessageContaining("≤ 0");
        assertThatThrownBy(() -> ItemOutputs.fromTopK(record("{\"primary\": [{\"a\": -0.1, \"b\": -0.1}]}"), null, null, null))
                .hasMessageContaining("are these logits");
        assertThatThrownBy(() -> ItemOutputs.fromTopK(record("{\"text\": \"x\"}"), null, null, null)).hasMessageContaining("missing");
    }
}
