package dev.retort.core.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.RetortException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** One configured Jackson mapper and whole-file JSON reads and (atomic) writes. */
public final class Json {
    /**
     * Accepts NaN/Infinity tokens so that readers can reject them with a precise message instead of a parse
     * error; writes them as such only where a caller puts them (callers check finiteness). Text after the
     * value ({@code {"a":1} junk}) and repeated keys ({@code {"a":1,"a":2}}) are errors, not silently dropped.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The file's one JSON value; an empty or malformed file is a {@link BadInputException} naming file and line. */
    public static JsonNode readTree(Path file) {
        try {
            JsonNode node = MAPPER.readTree(file.toFile());
            if (node == null || node.isMissingNode()) throw new BadInputException(file + ": empty file, expected JSON");
            return node;
        } catch (JsonProcessingException e) {
            long line = e.getLocation() != null ? e.getLocation().getLineNr() : -1;
            throw BadInputException.at(file, line, null, "malformed JSON: " + e.getOriginalMessage());
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            if (!Files.exists(file)) throw new BadInputException(file + ": no such file");
            if (Files.isDirectory(file)) throw new BadInputException(file + ": is a directory, expected a JSON file");
            throw new RetortException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static <T> T read(Path file, Class<T> type) {
        try {
            return MAPPER.treeToValue(readTree(file), type);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file + ": does not match the expected structure: " + e.getOriginalMessage());
        }
    }

    /** Pretty-printed, atomically. */
    /**
     * Writes {@code value} atomically, pretty-printed. A top-level map without an order of its own ({@code Map.of},
     * {@code HashMap}: not a {@link java.util.SequencedMap}) is written by key, so the same run writes the same file.
     */
    public static void write(Path file, Object value) {
        AtomicFiles.write(file, out -> MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, ordered(value)));
    }

    /** {@code value} as compact JSON, a top-level map without an order of its own by key (see {@link #write}). */
    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(ordered(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + value.getClass(), e);
        }
    }

    private static Object ordered(Object value) {
        return value instanceof Map<?, ?> map && !(map instanceof java.util.SequencedMap<?, ?>) && map.keySet().stream().allMatch(k -> k instanceof String)
                ? new java.util.TreeMap<>(map) : value;
    }
}
