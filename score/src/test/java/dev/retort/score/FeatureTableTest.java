package dev.retort.score;

import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A feature table never loses a column to one bad cell, and a table without rows is an error. */
class FeatureTableTest {

    @Test
    void aBadCellIsAnErrorNamingFileRowAndColumnOrASkippedRow(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("f.csv"), "id,model,f1,f2,label\na,gpt,0.5,0.2,1\nb,gpt,0.1,x,0\nc,llama,0.7,,1\nd,llama,0.2,0.1,0\n");
        assertThatThrownBy(() -> FeatureTable.read(f, List.of(), "label", BadRecords.failFast()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("f.csv").hasMessageContaining(":3").hasMessageContaining("f2")
                .hasMessageContaining("'x'");
        BadRecords skip = BadRecords.skipAndCount();
        FeatureTable t = FeatureTable.read(f, List.of(), "label", skip);
        assertThat(t.names()).containsExactly("f1", "f2");                  // f2 kept; the text column 'model' is no feature
        assertThat(t.ids()).containsExactly("a", "d");
        assertThat(skip.skipped()).isEqualTo(2);
    }

    @Test
    void jsonlFeaturesComeFromEveryRecordNotOnlyTheFirst(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("f.jsonl"), "{\"id\":\"a\",\"f1\":0.5,\"label\":1}\n{\"id\":\"b\",\"f1\":0.1,\"f2\":0.3,\"label\":0}\n");
        assertThatThrownBy(() -> FeatureTable.read(f, List.of(), "label", BadRecords.failFast()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("f.jsonl:1").hasMessageContaining("f2");
    }

    @Test
    void noRowsIsABadInput(@TempDir Path dir) throws Exception {
        Path header = Files.writeString(dir.resolve("h.csv"), "id,f1,label\n");
        assertThatThrownBy(() -> FeatureTable.read(header, List.of(), "label", BadRecords.failFast()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("h.csv").hasMessageContaining("no rows");
        assertThatThrownBy(() -> FeatureTable.read(header, List.of("f1"), "label", BadRecords.failFast()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no usable rows");
        Path allBad = Files.writeString(dir.resolve("b.csv"), "id,f1,label\na,x,1\nb,1.5,y\n");
        assertThatThrownBy(() -> FeatureTable.read(allBad, List.of("f1"), "label", BadRecords.skipAndCount()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("b.csv").hasMessageContaining("no usable rows");
    }
}
