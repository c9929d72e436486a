package dev.retort.core.io;

import dev.retort.core.BadInputException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fuzzes {@link JsonlReader}: whatever the bytes, reading in fail-fast or skip mode either succeeds or
 * throws {@link BadInputException} naming the file; no other exception may escape. The default run is a
 * few hundred tries per property; the {@code slow} variants ({@code ./mvnw test -Pall-tests}) run more.
 */
class JsonlReaderFuzzTest {
    private static final Path DIR = tempDir();

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("jsonl-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterContainer
    static void removeFiles() throws IOException {
        try (Stream<Path> s = Files.walk(DIR)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @Property(tries = 400)
    void randomBytes(@ForAll @Size(max = 3000) byte[] bytes) {
        readsOrFailsCleanly(bytes, "random.jsonl");
    }

    @Property(tries = 400)
    void randomJsonLikeLines(@ForAll("jsonishFiles") String text) {
        readsOrFailsCleanly(text.getBytes(StandardCharsets.UTF_8), "jsonish.jsonl");
    }

    @Property(tries = 150)
    void damagedGzip(@ForAll("records") List<Map<String, String>> records, @ForAll @IntRange(max = 10_000) int cut,
                     @ForAll @IntRange(max = 10_000) int flipAt, @ForAll @IntRange(min = 1, max = 255) int flipMask) throws IOException {
        byte[] gz = JsonlTest.gzip(jsonl(records));
        byte[] truncated = Arrays.copyOf(gz, cut % (gz.length + 1));
        readsOrFailsCleanly(truncated, "truncated.jsonl.gz");
        byte[] flipped = gz.clone();
        flipped[flipAt % gz.length] ^= (byte) flipMask;
        readsOrFailsCleanly(flipped, "flipped.jsonl.gz");
    }

    @Property(tries = 100)
    void invalidUtf8IsOneBadRecord(@ForAll("records") List<Map<String, String>> records, @ForAll @IntRange(max = 10_000) int at,
                                   @ForAll("invalidUtf8") byte[] bad) throws IOException {
        byte[] good = jsonl(records);
        List<byte[]> lines = splitLines(good);
        int victim = at % lines.size();
        lines.set(victim, JsonlTest.concat(lines.get(victim), bad));
        Path f = DIR.resolve("utf8.jsonl");
        Files.write(f, JsonlTest.concat(lines.stream().map(l -> JsonlTest.concat(l, new byte[]{'\n'})).toArray(byte[][]::new)));
        BadRecords skip = BadRecords.skipAndCount();
        assertThat(JsonlReader.readAll(f, skip, r -> r)).hasSize(records.size() - 1);
        assertThat(skip.examples()).containsExactly(f + ":" + (victim + 1) + ": not valid UTF-8 text; save the file as UTF-8");
    }

    @Property(tries = 60)
    void writtenRecordsReadBackEqual(@ForAll("records") List<Map<String, String>> records) throws IOException {
        for (String name : List.of("rt.jsonl", "rt.jsonl.gz")) {
            Path f = DIR.resolve(name);
            try (JsonlWriter w = JsonlWriter.create(f)) {
                records.forEach(w::write);
                w.commit();
            }
            List<Map<String, String>> back = new ArrayList<>();
            for (JsonRecord r : JsonlReader.readAll(f)) {
                Map<String, String> m = new LinkedHashMap<>();
                r.node().fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().textValue()));
                back.add(m);
            }
            assertThat(back).isEqualTo(records);
        }
    }

    @Property(tries = 5_000)
    @Tag("slow")
    void randomBytesLong(@ForAll @Size(max = 20_000) byte[] bytes) {
        readsOrFailsCleanly(bytes, "random.jsonl");
    }

    @Property(tries = 5_000)
    @Tag("slow")
    void randomJsonLikeLinesLong(@ForAll("jsonishFiles") String text) {
        readsOrFailsCleanly(text.getBytes(StandardCharsets.UTF_8), "jsonish.jsonl");
    }

    @Example
    void pathologicalValuesAreBadRecords() throws IOException {
        String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        String longNumber = "{\"a\":" + "9".repeat(5_000) + "}";
        String manyKeys = "{\"a\":1," + "\"a\":2}";
        byte[] file = (deep + "\n" + longNumber + "\n" + manyKeys + "\n{\"ok\":1}\n").getBytes(StandardCharsets.UTF_8);
        Path f = DIR.resolve("pathological.jsonl");
        Files.write(f, file);
        BadRecords skip = BadRecords.skipAndCount();
        assertThat(JsonlReader.readAll(f, skip, r -> r)).hasSize(1);
        assertThat(skip.examples()).hasSize(3).allSatisfy(m -> assertThat(m).startsWith(f + ":"));
        assertThat(skip.examples().getFirst()).contains("nesting depth");
    }

    @Example
    void aLineOverTheLimitIsSkippedAndTheNextLineStillReads() throws IOException {
        Path f = DIR.resolve("long.jsonl");
        Files.writeString(f, "{\"a\":\"" + "x".repeat(3 << 20) + "\"}\n{\"ok\":2}\n");
        BadRecords skip = BadRecords.skipAndCount();
        List<JsonRecord> kept = new ArrayList<>();
        try (JsonlReader r = JsonlReader.open(f, skip).maxLineBytes(1 << 20)) {
            r.forEach(kept::add);
        }
        assertThat(kept).extracting(rec -> rec.integer("ok")).containsExactly(2L);
        assertThat(skip.examples()).containsExactly(f + ":1: line is longer than 1 MiB; is this a JSONL file?");
    }

    private static void readsOrFailsCleanly(byte[] bytes, String name) {
        Path f = DIR.resolve(name);
        try {
            Files.write(f, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (BadRecords policy : List.of(BadRecords.failFast(), BadRecords.skipAndCount())) {
            try {
                List<JsonRecord> rs = JsonlReader.readAll(f, policy, r -> r);
                rs.forEach(r -> assertThat(r.file()).isEqualTo(f));
            } catch (BadInputException e) {
                assertThat(e.getMessage()).startsWith(f + ":");
            }
        }
        // the iterator path, converting each field, fails the same way
        assertThatThrownByOrNot(() -> {
            try (JsonlReader r = JsonlReader.open(f, BadRecords.skipAndCount())) {
                for (JsonRecord rec : r) {
                    for (var it = rec.node().fieldNames(); it.hasNext(); ) {
                        String field = it.next();
                        try {
                            rec.number(field);
                        } catch (BadInputException e) {
                            assertThat(e.getMessage()).startsWith(f + ":" + rec.line() + ": field '" + field + "': ");
                        }
                    }
                }
            }
        }, f);
    }

    private static void assertThatThrownByOrNot(Runnable body, Path f) {
        try {
            body.run();
        } catch (BadInputException e) {
            assertThat(e.getMessage()).startsWith(f + ":");
        }
    }

    @Provide
    Arbitrary<String> jsonishFiles() {
        Arbitrary<String> token = Arbitraries.of("{", "}", "[", "]", ":", ",", "\"a\"", "\"b\"", "\"\\u12\"", "\"\\ud800\"",
                "1", "-0", "1e999", "-1e-999", "NaN", "Infinity", "-Infinity", "true", "fals", "null", "\"", "\\", " ",
                "\t", "\r", "\n", "\n\n", "\u00e9", "\u0000", "\ufeff", "9".repeat(400), "{\"x\":", "[[[[[[");
        return token.list().ofMaxSize(60).map(ts -> String.join("", ts));
    }

    @Provide
    Arbitrary<List<Map<String, String>>> records() {
        Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(40)
                .filter(s -> s.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF)); // lone surrogates are not text
        return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6), text).ofMaxSize(4)
                .map(m -> (Map<String, String>) new LinkedHashMap<>(m)).list().ofMinSize(1).ofMaxSize(12);
    }

    @Provide
    Arbitrary<byte[]> invalidUtf8() {
        return Arbitraries.of(new byte[]{(byte) 0xFF}, new byte[]{(byte) 0xC3}, new byte[]{(byte) 0xE9, 'x'},
                new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[]{(byte) 0xC0, (byte) 0x80},
                new byte[]{(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});
    }

    private static byte[] jsonl(List<Map<String, String>> records) {
        StringBuilder sb = new StringBuilder();
        for (Map<String, String> r : records) sb.append(Json.toJson(r)).append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<byte[]> splitLines(byte[] text) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length; i++) {
            if (text[i] == '\n') {
                out.add(Arrays.copyOfRange(text, start, i));
                start = i + 1;
            }
        }
        return out;
    }
}
