package dev.retort.kd.evaluate;

import dev.retort.kd.data.AssertionExample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BaselinesTest {
    private static final String FOCAL = "public int max(int a, int b) { return a > b ? a : b; }";

    private static AssertionExample example(String id, String local, String target) {
        String test = "@Test public void testMax() {\n    int " + local + " = calc.max(3, 2);\n    " + AssertionExample.PLACEHOLDER + "\n}";
        return new AssertionExample(id, FOCAL, test, List.of(target), null, id + "Test", null, null);
    }

    @Test
    void renamingByAnalogyGetsAQueryThatDiffersFromItsNeighbourOnlyInItsOwnNames() {
        List<AssertionExample> train = new ArrayList<>(List.of(example("n", "r", "assertEquals(3, r);")));
        for (int i = 0; i < 220; i++) {                        // 220 names more frequent in targets than r, so r is abstracted
            String name = "v" + i;
            train.add(new AssertionExample("f" + i, "void g" + i + "() {}", "@Test void t" + i + "() { " + AssertionExample.PLACEHOLDER + " }",
                    List.of("assertSame(" + name + ", " + name + ");"), null, "F" + i + "Test", null, null));
        }
        List<AssertionExample> test = List.of(example("q", "result", "assertEquals(3, result);"));
        var scores = Baselines.score(train, test);
        assertThat(scores).extracting(ModelEvaluation.BaselineScores::name)
                .containsExactly(Baselines.BM25, Baselines.MOST_FREQUENT, Baselines.BM25_ANALOGY);
        assertThat(scores.getFirst().exact().top1().mean()).as("BM25 copies the neighbour's r").isEqualTo(0.0);
        assertThat(scores.get(2).exact().top1().mean()).as("renamed to the query's result").isEqualTo(1.0);
        assertThat(scores.get(2).exact().minusBm25().mean()).isEqualTo(1.0);
    }
}
