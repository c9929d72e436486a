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

    static AssertionExample perAssertion(String method, int n, String before, String assertion) {
        return new AssertionExample(method + "@" + n, "public int abs(int a) { return a; }",
                "@Test void t() {\n" + "int filler = 0;\n".repeat(40) + before + "\n" + AssertionExample.PLACEHOLDER + "\n}", List.of(assertion),
                "art", "AbsTest", null, null, method, "art/" + method);
    }

    @Test
    void perAssertionMemoryComparesTheLinesBeforeThePlaceholderAndSkipsTheQuerysOwnMethod() {
        List<AssertionExample> train = List.of(
                perAssertion("m1", 1, "int r = x.abs(-5);", "assertEquals(5, r);"),
                perAssertion("m2", 1, "String s = x.name();", "assertEquals(\"a\", s);"),
                perAssertion("m3", 1, "String s = x.name();", "assertNotNull(s);"),
                perAssertion("m3", 2, "int r = x.abs(-5);", "assertTrue(r > 0);"));
        AssertionMemory memory = AssertionMemory.of(train);
        assertThat(memory.task()).isEqualTo(dev.retort.kd.data.AssertionTask.ASSERTION);
        AssertionExample query = perAssertion("q", 1, "String s = x.name();", "?");
        assertThat(memory.distinctTargets(query, 5)).as("the shared 40 filler lines do not drown the local context")
                .startsWith("assertEquals(\"a\", s);").hasSize(4);
        assertThat(memory.distinctTargets(query, 2)).hasSize(2).doesNotContain("assertEquals(5, r);", "assertTrue(r > 0);");
        // m3@2 may retrieve neither itself nor m3@1 (same method = same split group), though m3@1 is in the same test class as everything else
        assertThat(memory.nearest(train.get(3), 5)).extracting(AssertionExample::methodId).doesNotContain("m3").contains("m1", "m2");
    }
}
