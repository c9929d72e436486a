package dev.retort.text.index;

import dev.retort.core.BadInputException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexSaveLoadTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(VectorIndex.Kind.class)
    void loadedIndexAnswersExactlyLikeTheSavedOne(VectorIndex.Kind kind) {
        float[][] data = RandomVectors.unit(1500, 24, 21);
        float[][] q = RandomVectors.unit(40, 24, 22);
        VectorIndex index = RandomVectors.filled(kind, data);
        index.add(RandomVectors.unit(1, 24, 23)[0], Map.of("nested", Map.of("list", List.of(1, "two", true)), "text", "ünïcode \"quoted\"\n"));
        index.properties().put("model", "minilm-q");
        List<List<Hit>> before = index.search(q, 10);
        Path dir = tmp.resolve("idx");
        index.save(dir);

        VectorIndex loaded = VectorIndex.load(dir);
        assertThat(loaded.kind()).isEqualTo(kind);
        assertThat(loaded.size()).isEqualTo(index.size());
        assertThat(loaded.dimension()).isEqualTo(24);
        assertThat(loaded.properties()).containsEntry("model", "minilm-q");
        assertThat(loaded.metadata(1500)).isEqualTo(index.metadata(1500));
        assertThat(loaded.search(q, 10)).isEqualTo(before);
    }

    @Test
    void saveReplacesAnOldIndexAndRefusesOtherDirectories() throws IOException {
        Path dir = tmp.resolve("idx");
        VectorIndex small = RandomVectors.filled(VectorIndex.Kind.EXACT, RandomVectors.unit(5, 4, 1));
        small.save(dir);
        RandomVectors.filled(VectorIndex.Kind.HNSW, RandomVectors.unit(9, 4, 2)).save(dir);
        assertThat(VectorIndex.load(dir).size()).isEqualTo(9);
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("idx");   // no temp leftovers
        }
        Path other = Files.createDirectories(tmp.resolve("photos"));
        Files.writeString(other.resolve("cat.jpg"), "meow");
        assertThatThrownBy(() -> small.save(other)).isInstanceOf(BadInputException.class).hasMessageContaining("holds no index");
        assertThat(other.resolve("cat.jpg")).exists();
    }

    @Test
    void loadNamesWhatIsWrong() throws IOException {
        assertThatThrownBy(() -> VectorIndex.load(tmp)).isInstanceOf(BadInputException.class).hasMessageContaining("config.json");
        Path dir = tmp.resolve("idx");
        RandomVectors.filled(VectorIndex.Kind.EXACT, RandomVectors.unit(5, 4, 1)).save(dir);
        Files.writeString(dir.resolve("metadata.jsonl"), "{}\n{}\n");
        assertThatThrownBy(() -> VectorIndex.load(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("metadata.jsonl:3").hasMessageContaining("expected 5 lines");
    }
}
