package dev.retort.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {

    record Config(String name, int layers, List<Double> rates) {
    }

    @Test
    void writesAtomicallyAndReadsBackTypedAndAsTree(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("nested/config.json");
        Json.write(f, new Config("small", 2, List.of(0.1, 0.01)));
        assertThat(Files.readString(f)).contains("\n  \"layers\" : 2"); // pretty
        assertThat(Json.read(f, Config.class)).isEqualTo(new Config("small", 2, List.of(0.1, 0.01)));
        JsonNode tree = Json.readTree(f);
        assertThat(tree.path("rates").get(1).doubleValue()).isEqualTo(0.01);
        assertThat(JsonlTest.listing(f.getParent())).containsExactly("config.json");
        assertThat(Json.toJson(Map.of("a", 1))).isEqualTo("{\"a\":1}");
    }

    @Test
    void readErrorsNameTheFileAndLine(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\n  \"a\": 1,\n  \"b\": ]\n}\n");
        assertThatThrownBy(() -> Json.readTree(bad)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(bad + ":3: malformed JSON");

        Path trailing = dir.resolve("trailing.json");
        Files.writeString(trailing, "{\"a\": 1}\n{\"a\": 2}\n");
        assertThatThrownBy(() -> Json.readTree(trailing)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(trailing + ":2: malformed JSON").hasMessageContaining("Trailing token");

        Path dup = dir.resolve("dup.json");
        Files.writeString(dup, "{\"a\": 1, \"a\": 2}");
        assertThatThrownBy(() -> Json.readTree(dup)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("Duplicate field 'a'");

        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "  \n");
        assertThatThrownBy(() -> Json.readTree(empty)).isInstanceOf(BadInputException.class)
                .hasMessage(empty + ": empty file, expected JSON");
        assertThatThrownBy(() -> Json.read(empty, Config.class)).isInstanceOf(BadInputException.class);

        Path missing = dir.resolve("missing.json");
        assertThatThrownBy(() -> Json.readTree(missing)).isInstanceOf(BadInputException.class).hasMessage(missing + ": no such file");

        assertThatThrownBy(() -> Json.readTree(dir)).isInstanceOf(BadInputException.class).hasMessage(dir + ": is a directory, expected a JSON file");

        Path wrongShape = dir.resolve("shape.json");
        Files.writeString(wrongShape, "{\"name\": \"x\", \"layers\": \"many\"}");
        assertThatThrownBy(() -> Json.read(wrongShape, Config.class)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(wrongShape + ": does not match the expected structure");
    }

    @org.junit.jupiter.api.Test
    void aMapWithoutAnOrderIsWrittenByKeyAndAnOrderedOneAsGiven() {
        assertThat(Json.toJson(java.util.Map.of("zeta", 1, "alpha", 2, "mid", 3))).isEqualTo("{\"alpha\":2,\"mid\":3,\"zeta\":1}");
        var ordered = new java.util.LinkedHashMap<String, Integer>();
        ordered.put("zeta", 1);
        ordered.put("alpha", 2);
        assertThat(Json.toJson(ordered)).isEqualTo("{\"zeta\":1,\"alpha\":2}");
    }
}
