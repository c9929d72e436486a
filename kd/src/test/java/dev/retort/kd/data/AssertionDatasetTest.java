package dev.retort.kd.data;

import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AssertionDatasetTest {
    @TempDir
    Path dir;

    @Test
    void readsBothFieldFlavoursAndSkipsTheHeader() {
        List<AssertionExample> course = AssertionDataset.read(Path.of("../data/assertions/course-format/distillation_data_sample.jsonl"), BadRecords.failFast());
        assertThat(course).hasSize(6);
        AssertionExample first = course.get(0), second = course.get(1);
        assertThat(first.id()).isEqualTo("distillation_data_sample.jsonl:2");
        assertThat(first.focalFile()).isEqualTo(first.focalMethod()).isEqualTo("public int f0(int a) { return a + 0; }");
        assertThat(first.target()).isEqualTo("assertEquals(1, r);");
        assertThat(second.focalFile()).isNull();
        assertThat(second.assertions()).containsExactly("assertEquals(2, r);");
        assertThat(second.input(" <SEP> ")).isEqualTo(second.testMethodMasked() + " <SEP> public int f1(int a) { return a + 1; }");
    }

    @Test
    void writesAndReadsMinedRecords() {
        var e = new AssertionExample("lang3:StringUtilsTest#testIsEmpty", "public static boolean isEmpty(CharSequence cs) {\n    return cs == null;\n}",
                "@Test\nvoid testIsEmpty() {\n    // <ASSERTION_PLACEHOLDER>\n}", List.of("assertTrue(StringUtils.isEmpty(null));", "assertFalse(StringUtils.isEmpty(\"a\"));"),
                "org.apache.commons:commons-lang3:3.17.0", "org.apache.commons.lang3.StringUtilsTest", "org.apache.commons.lang3.StringUtils", "class StringUtils {}");
        Path file = dir.resolve("train.jsonl");
        AssertionDataset.write(file, List.of(e));
        assertThat(AssertionDataset.read(file, BadRecords.failFast())).containsExactly(e);
        assertThat(e.target()).isEqualTo("assertTrue(StringUtils.isEmpty(null));\nassertFalse(StringUtils.isEmpty(\"a\"));");
    }

    @Test
    void missingFieldsAreNamedOrSkipped() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, """
                {"focal_method": "f", "test_method_masked": "t", "assertions": ["a"]}
                {"focal_method": "f", "assertions": ["a"]}
                {"test_method_masked": "t", "original_target": "a"}
                {"focal_method": "f", "test_method_masked": "t", "assertions": [1]}
                """);
        assertThatThrownBy(() -> AssertionDataset.read(file, BadRecords.failFast()))
                .isInstanceOf(BadInputException.class).hasMessage(file + ":2: field 'test_method_masked': missing");
        BadRecords skip = BadRecords.skipAndCount();
        assertThat(AssertionDataset.read(file, skip)).hasSize(1);
        assertThat(skip.skipped()).isEqualTo(3);
        assertThat(skip.examples()).anyMatch(m -> m.contains(":3: field 'focal_method'")).anyMatch(m -> m.contains(":4: field 'assertions': element 0"));
    }
}
