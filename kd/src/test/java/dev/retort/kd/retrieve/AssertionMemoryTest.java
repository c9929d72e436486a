package dev.retort.kd.retrieve;

import dev.retort.core.BadInputException;
import dev.retort.kd.data.AssertionExample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AssertionMemoryTest {
    static AssertionExample example(String id, String testClass, String call, String assertion) {
        return new AssertionExample(id, "public int " + call + "(int a) { return a; }",
                "@Test void t() { int r = x." + call + "(1);\n" + AssertionExample.PLACEHOLDER + " }", List.of(assertion),
                null, testClass, null, "class Focal { /* large */ }");
    }

    static final List<AssertionExample> TRAIN = List.of(
            example("a1", "AbsTest", "abs", "assertEquals(1, r);"),
            example("a2", "AbsTest", "abs", "assertEquals(2, r);"),
            example("n1", "NegateTest", "negateAbs", "assertEquals(-1, r);"),
            example("s1", "SquareTest", "square", "assertEquals(9, r);"));

    @Test
    void heldOutQueryGetsTheClosestTrainingExample() {
        AssertionMemory memory = AssertionMemory.of(TRAIN);
        AssertionExample query = example("q", "OtherAbsTest", "abs", "?");
        assertThat(memory.nearest(query).orElseThrow().testClass()).isEqualTo("AbsTest");
        assertThat(memory.hint(example("q2", "OtherSquareTest", "square", "?"))).isEqualTo("assertEquals(9, r);");
    }

    @Test
    void trainingExampleNeverRetrievesItselfOrItsTestClassSiblings() {
        AssertionMemory memory = AssertionMemory.of(TRAIN);
        // a1's best match would be itself, then a2 (same class); both are excluded, so a held-out-like neighbour is used
        AssertionExample hit = memory.nearest(TRAIN.getFirst()).orElseThrow();
        assertThat(hit.testClass()).isNotEqualTo("AbsTest");
        assertThat(hit.id()).isEqualTo("n1");
        // without a test class only the example itself is excluded
        AssertionExample noClass = example("a1", null, "abs", "assertEquals(1, r);");
        assertThat(memory.nearest(noClass).orElseThrow().id()).isEqualTo("a2");
    }

    @Test
    void nothingToRetrieveGivesAnEmptyHint() {
        AssertionMemory memory = AssertionMemory.of(TRAIN.subList(0, 2));
        assertThat(memory.hint(TRAIN.getFirst())).isEmpty();
    }

    @Test
    void savedMemoryLoadsFromTheModelDirectoryWithoutFocalFiles(@TempDir Path dir) {
        assertThat(AssertionMemory.inModel(dir)).isEmpty();
        AssertionMemory.of(TRAIN).saveInto(dir);
        AssertionMemory loaded = AssertionMemory.at(dir);
        assertThat(loaded.size()).isEqualTo(4);
        AssertionExample query = example("q", "OtherTest", "negateAbs", "?");
        assertThat(loaded.hint(query)).isEqualTo(AssertionMemory.of(TRAIN).hint(query));
        assertThat(loaded.nearest(query).orElseThrow().focalFile()).isNull();
        assertThat(AssertionMemory.at(dir.resolve(AssertionMemory.FILE)).size()).isEqualTo(4);
    }

    @Test
    void missingMemoryIsAUserError(@TempDir Path dir) {
        assertThatThrownBy(() -> AssertionMemory.at(dir)).isInstanceOf(BadInputException.class).hasMessageContaining("--retrieval");
        assertThatThrownBy(() -> AssertionMemory.of(List.of())).isInstanceOf(BadInputException.class);
    }
}
