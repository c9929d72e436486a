package dev.retort.kd.model;

import dev.retort.core.BadInputException;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.retrieve.AssertionMemory;
import dev.retort.text.tokenize.Tokenizer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentifierAbstractionTest {
    private static final Tokenizer TOKENIZER = Tokenizer.train(List.of(
            "@Test public void testMax() { int r = calc.max(3, 2); assertEquals(3, r); }",
            "public int max(int a, int b) { return a > b ? a : b; }", "assertTrue(list.isEmpty());"), 400, 8);

    private static AssertionExample example(String test, String focal, String target) {
        return new AssertionExample("e", focal, test, List.of(target), null, null, null, null);
    }

    private static final AssertionExample MAX = example(
            "@Test public void testMax() {\n    int r = calc.max(3, 2);\n    " + AssertionExample.PLACEHOLDER + "\n}",
            "public int max(int a, int b) { return a > b ? a : b; }", "assertEquals(3, r);");

    @Test
    void namesAreNumberedFromTheAssertionBackwardsThenThroughTheFocalMethod() {
        var abstraction = new IdentifierAbstraction(Set.of("assertEquals", "Test"), 8);
        assertThat(abstraction.names(MAX).names()).as("keywords, kept names and the placeholder are not names")
                .containsExactly("max", "calc", "r", "testMax", "a", "b");
        assertThat(new IdentifierAbstraction(Set.of(), 2).names(MAX).names()).as("at most slots names").containsExactly("max", "calc");
    }

    @Test
    void keptNamesAreTheMostFrequentOfTheTrainingTargets() {
        var abstraction = IdentifierAbstraction.fit(List.of(MAX, example("t", "f", "assertEquals(x, y);\nassertTrue(x);")), 2, 8);
        assertThat(abstraction.kept()).containsExactlyInAnyOrder("assertEquals", "x");
    }

    @Test
    void targetsThatDifferOnlyInTheExamplesOwnNamesBecomeTheSameIds() {
        var abstraction = new IdentifierAbstraction(Set.of("assertEquals"), 8);
        AssertionExample renamed = example(MAX.testMethodMasked().replace("calc", "maths").replace(" r ", " result "),
                MAX.focalMethod(), "assertEquals(3, result);");
        int[] a = abstraction.encode(TOKENIZER, MAX.target(), abstraction.names(MAX));
        int[] b = abstraction.encode(TOKENIZER, renamed.target(), abstraction.names(renamed));
        assertThat(a).isEqualTo(b);
        assertThat(Arrays.stream(a).filter(TOKENIZER::isSpecial).toArray()).as("r is a placeholder").containsExactly(TOKENIZER.sentinel(2));
        assertThat(abstraction.decode(TOKENIZER, b, abstraction.names(renamed))).isEqualTo("assertEquals(3, result);");
    }

    @Provide
    Arbitrary<String> javaish() {
        return Arbitraries.of("r", "calc", "max", "a", "b", "x1", "_y", "$z", "\u00e9t\u00e9", "0x1F", "3L", "2.5f", "1e5", "(", ")", ".", ",",
                        " ", "\n", "\"", "\"a b\"", "// c", "assertEquals", "null", "int", "<|sentinel_0|>", "ASSERTION_PLACEHOLDER")
                .list().ofMaxSize(30).map(parts -> String.join("", parts));
    }

    /** Any text, encoded with any example's names as placeholders, decodes back to itself. */
    @Property(tries = 300)
    void encodeThenDecodeGivesTheTextBack(@ForAll("javaish") String text, @ForAll("javaish") String input) {
        var abstraction = new IdentifierAbstraction(Set.of("assertEquals"), 8);
        AssertionExample e = example(input + AssertionExample.PLACEHOLDER, "int max(int a, int b) {}", "");
        var names = abstraction.names(e);
        assertThat(abstraction.decode(TOKENIZER, abstraction.encode(TOKENIZER, text, names), names)).isEqualTo(text);
    }

    @Test
    void anEncoderWithAbstractionDecodesItsOwnTargetsAndIsSavedWithTheModel(@TempDir Path dir) {
        var abstraction = new IdentifierAbstraction(Set.of("assertEquals"), 8);
        var encoder = new ExampleEncoder(TOKENIZER, AssertionMemory.of(List.of(MAX)), 160, 32, dev.retort.kd.data.AssertionTask.ASSERTION, abstraction);
        AssertionExample query = new AssertionExample("q", MAX.focalMethod(), MAX.testMethodMasked().replace("calc", "c2"),
                List.of("assertEquals(3, r);"), null, "QTest", null, null);
        int[] target = encoder.target(query);
        assertThat(encoder.decodeGenerated(query, target, 33)).isEqualTo("assertEquals(3, r);");
        assertThat(Arrays.stream(encoder.source(query)).filter(id -> id == TOKENIZER.sentinel(2)).count())
                .as("r in the test and in the retrieved assertion").isEqualTo(2);

        assertSavedWithTheModel(encoder, query, dir);
    }

    /** A model directory written with the encoder reads back an encoder with the same abstraction and the same sources. */
    private static void assertSavedWithTheModel(ExampleEncoder encoder, AssertionExample query, Path dir) {
        Seq2SeqModel model = Seq2SeqModel.create(encoder.config("tiny"));
        Path tokenizerFile = dir.resolve("tokenizer.json");
        TOKENIZER.save(tokenizerFile);
        encoder.saveModel(model, tokenizerFile, dir.resolve("model"), dir);
        ExampleEncoder loaded = ExampleEncoder.forModel(dir.resolve("model"), model.config());
        assertThat(loaded.identifiers()).isEqualTo(encoder.identifiers());
        assertThat(loaded.source(query)).isEqualTo(encoder.source(query));
    }

    @Test
    void byAnalogyANeighboursOwnNameTakesTheQueryPlaceholderOfItsRankAndSharedNamesKeepTheQuerys() {
        var query = IdentifierAbstraction.Names.of(List.of("result", "maths", "max"));
        var neighbour = IdentifierAbstraction.Names.of(List.of("r", "max", "calc", "extra"));
        var analogy = IdentifierAbstraction.analogy(query, neighbour);
        assertThat(analogy.index()).as("r rank 0 -> 0; max shared -> the query's 2; calc rank 2 -> 2; extra rank 3 has no query name")
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("r", 0, "max", 2, "calc", 2, "result", 0, "maths", 1));
        assertThat(analogy.names()).isEqualTo(query.names());
    }

    @Test
    void renamingByAnalogyLeavesEscapeSequencesAndCharLiteralsWhole() {
        var query = IdentifierAbstraction.Names.of(List.of("clear", "pass", "ellipsis", "trimmed"));
        var neighbour = IdentifierAbstraction.Names.of(List.of("r", "u000B", "_", "s"));
        String text = "assertEquals(\"a\\tb\\r\\u000B\", s.pad('_', r, u000B));";
        String renamed = IdentifierAbstraction.renamedByAnalogy(text, query, neighbour);
        assertThat(renamed).isEqualTo("assertEquals(\"a\\tb\\r\\u000B\", trimmed.pad('_', clear, pass));");
        assertThat(new dev.retort.text.metrics.AstValidity().isValid(renamed)).isTrue();
        var self = IdentifierAbstraction.Names.of(List.of("r", "u000B"));
        assertThat(IdentifierAbstraction.renamedByAnalogy(text, self, self)).as("a name that keeps its text is not renamed").isEqualTo(text);
    }

    @Test
    void analogicalHintsTurnANeighbourThatDiffersOnlyInItsOwnNamesIntoTheQuerysTargetIds(@TempDir Path dir) {
        var plain = new IdentifierAbstraction(Set.of("assertEquals"), 8);
        var analogical = plain.withAnalogicalHints(true);
        AssertionExample query = new AssertionExample("q", MAX.focalMethod(),
                MAX.testMethodMasked().replace("calc", "maths").replace(" r ", " result "), List.of("assertEquals(3, result);"), null, "QTest", null, null);
        var memory = AssertionMemory.of(List.of(MAX));
        var byAnalogy = new ExampleEncoder(TOKENIZER, memory, 160, 32, dev.retort.kd.data.AssertionTask.ASSERTION, analogical);
        var byQueryNames = new ExampleEncoder(TOKENIZER, memory, 160, 32, dev.retort.kd.data.AssertionTask.ASSERTION, plain);
        int[] target = byAnalogy.target(query);
        assertThat(byAnalogy.target(query)).as("targets do not change").isEqualTo(byQueryNames.target(query));
        assertThat(Arrays.copyOf(byAnalogy.source(query), target.length)).as("the hint is the query's target").isEqualTo(target);
        assertThat(Arrays.copyOf(byQueryNames.source(query), target.length)).as("with the query's names r stays text").isNotEqualTo(target);
        assertSavedWithTheModel(byAnalogy, query, dir);
    }

    @Test
    void abstractionNeedsSentinelsForItsPlaceholders() {
        Tokenizer plain = Tokenizer.train(List.of("assertEquals(3, r);"), 300);
        assertThatThrownBy(() -> new ExampleEncoder(plain, null, 64, 32, dev.retort.kd.data.AssertionTask.ASSERTION,
                new IdentifierAbstraction(Set.of(), 8))).isInstanceOf(BadInputException.class).hasMessageContaining("8 sentinel tokens");
    }
}
