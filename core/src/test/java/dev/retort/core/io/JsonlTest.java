package dev.retort.core.io;

import dev.retort.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class JsonlTest {

    static Path resource(String name) {
        try {
            return Path.of(JsonlTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Path SKILLS = resource("jsonl/skills_qa_head40.jsonl");

    @Test
    void readsRealRecordsWithTheValuesPythonSees() {
        List<JsonRecord> records = JsonlReader.readAll(SKILLS);
        // figures from python3's json module over the same file (see jsonl/README.md)
        assertThat(records).hasSize(40);
        assertThat(records.getFirst().text("pair_id")).isEqualTo("skill_extract_records_001_q0");
        assertThat(records.getLast().text("pair_id")).isEqualTo("skill_json_sources_004_q1");
        assertThat(records.getLast().line()).isEqualTo(40);
        assertThat(records.stream().mapToDouble(r -> r.number("confidence")).sum()).isCloseTo(36.88, within(1e-9));
        assertThat(records.stream().filter(r -> r.bool("answer_tailored")).count()).isEqualTo(40);
        assertThat(records.stream().mapToInt(r -> r.texts("tags").size()).sum()).isEqualTo(122);
        assertThat(records.stream().mapToInt(r -> r.text("answer").length()).sum()).isEqualTo(19593);
        assertThat(records.getFirst().optText("confidence_issues")).isEmpty();
    }

    @Test
    void roundTripsRealRecordsThroughPlainAndGzipFiles(@TempDir Path dir) throws IOException {
        List<JsonRecord> original = JsonlReader.readAll(SKILLS);
        for (String name : List.of("copy.jsonl", "copy.jsonl.gz")) {
            Path out = dir.resolve(name);
            try (JsonlWriter w = JsonlWriter.create(out)) {
                original.forEach(r -> w.write(r.node()));
                w.commit();
            }
            List<JsonRecord> back = JsonlReader.readAll(out);
            assertThat(back).extracting(JsonRecord::node).containsExactlyElementsOf(original.stream().map(JsonRecord::node).toList());
        }
        // the .gz file really is gzip, and decompresses to the plain file byte for byte
        byte[] plain = Files.readAllBytes(dir.resolve("copy.jsonl"));
        try (var in = new GZIPInputStream(Files.newInputStream(dir.resolve("copy.jsonl.gz")))) {
            assertThat(in.readAllBytes()).isEqualTo(plain);
        }
        assertThat(plain.length).isLessThan((int) Files.size(SKILLS) + 1);
    }

    @Test
    void writesRecordsMapsAndTreesOneLineEach(@TempDir Path dir) throws IOException {
        record Pair(String question, List<String> answers, double score) {
        }
        Path out = dir.resolve("mixed.jsonl");
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("text", "line one\nline \"two\"\t\u00e9\u4e2d");
        try (JsonlWriter w = JsonlWriter.create(out)) {
            w.write(new Pair("q?", List.of("a", "b"), 0.25));
            w.write(map);
            w.write(Json.object().put("n", 3));
            w.commit();
        }
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(3);
        List<JsonRecord> back = JsonlReader.readAll(out);
        assertThat(back.get(0).texts("answers")).containsExactly("a", "b");
        assertThat(back.get(0).number("score")).isEqualTo(0.25);
        assertThat(back.get(1).text("text")).isEqualTo(map.get("text"));
        assertThat(back.get(2).integer("n")).isEqualTo(3);
    }

    @Test
    void skipsBlankLinesButCountsThemAndIgnoresAByteOrderMark(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("blank.jsonl");
        Files.writeString(f, "\uFEFF{\"a\":1}\n\n   \n{\"a\":2}\r\n{\"a\":3}");
        List<JsonRecord> rs = JsonlReader.readAll(f);
        assertThat(rs).extracting(r -> r.integer("a")).containsExactly(1L, 2L, 3L);
        assertThat(rs).extracting(JsonRecord::line).containsExactly(1L, 4L, 5L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "not json           | hello                  | malformed JSON (column ",
            "unclosed object    | {\"a\": 1              | malformed JSON",
            "trailing garbage   | {\"a\": 1} x           | malformed JSON",
            "two objects        | {\"a\": 1}{\"a\": 2}   | malformed JSON",
            "repeated key       | {\"a\": 1, \"a\": 2}   | Duplicate field 'a'",
            "array              | [1, 2]                 | expected a JSON object, found array",
            "string             | ^\"text\"^             | expected a JSON object, found string",
            "number             | 42                     | expected a JSON object, found number",
            "null               | null                   | expected a JSON object, found null",
            "single quotes      | {'a': 1}               | malformed JSON",
    })
    void everyMalformedLineNamesFileAndLine(String what, String badLine, String problem, @TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(f, "{\"ok\": 1}\n{\"ok\": 2}\n" + badLine + "\n{\"ok\": 4}\n");
        assertThatThrownBy(() -> JsonlReader.readAll(f))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(f + ":3: ")
                .hasMessageContaining(problem);

        BadRecords skip = BadRecords.skipAndCount();
        List<JsonRecord> kept = JsonlReader.readAll(f, skip, r -> r);
        assertThat(kept).extracting(r -> r.integer("ok")).containsExactly(1L, 2L, 4L);
        assertThat(skip.skipped()).isEqualTo(1);
        assertThat(skip.examples()).singleElement().asString().startsWith(f + ":3: ").contains(problem);
    }

    @Test
    void invalidUtf8IsABadRecordAtItsLineNotReplacementCharacters(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("latin1.jsonl");
        byte[] good = "{\"a\": \"caf\u00e9 \u4e2d\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = "{\"a\": \"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] surrogate = {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}', '\n'};
        byte[] overlong = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}', '\n'};
        Files.write(f, concat(good, good, bad, good, surrogate, overlong, good));
        assertThatThrownBy(() -> JsonlReader.readAll(f))
                .isInstanceOf(BadInputException.class)
                .hasMessage(f + ":3: not valid UTF-8 text; save the file as UTF-8");
        BadRecords skip = BadRecords.skipAndCount();
        assertThat(JsonlReader.readAll(f, skip, r -> r.text("a"))).containsExactly("caf\u00e9 \u4e2d", "caf\u00e9 \u4e2d", "caf\u00e9 \u4e2d", "caf\u00e9 \u4e2d");
        assertThat(skip.examples()).extracting(m -> m.substring(0, m.indexOf(": "))).containsExactly(f + ":3", f + ":5", f + ":6");
    }

    @Test
    void truncatedAndCorruptGzipAreBadInputWithTheLine(@TempDir Path dir) throws IOException {
        Path whole = dir.resolve("whole.jsonl.gz");
        try (JsonlWriter w = JsonlWriter.create(whole)) {
            for (int i = 0; i < 2000; i++) w.write(Map.of("i", i, "pad", "x".repeat(i % 50)));
            w.commit();
        }
        assertThat(JsonlReader.readAll(whole)).hasSize(2000);
        byte[] bytes = Files.readAllBytes(whole);

        Path truncated = dir.resolve("truncated.jsonl.gz");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> JsonlReader.readAll(truncated))
                .isInstanceOf(BadInputException.class)
                .hasMessageMatching("\\Q" + truncated + "\\E:\\d+: cannot read: .*");

        Path notGzip = dir.resolve("plain.jsonl.gz");
        Files.writeString(notGzip, "{\"a\":1}\n");
        assertThatThrownBy(() -> JsonlReader.readAll(notGzip))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(notGzip + ": cannot open: corrupt gzip data");
    }

    @Test
    void missingFileIsBadInput(@TempDir Path dir) {
        Path f = dir.resolve("nope.jsonl");
        assertThatThrownBy(() -> JsonlReader.readAll(f)).isInstanceOf(BadInputException.class).hasMessage(f + ": no such file");
    }

    @Test
    void skipModeCountsEveryBadRecordAndKeepsTheFirstTenMessages(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("many.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 30; i++) sb.append(i % 2 == 0 ? "{\"i\": " + i + "}" : "oops " + i).append('\n');
        Files.writeString(f, sb);
        BadRecords policy = BadRecords.of(true);
        List<JsonRecord> kept = JsonlReader.readAll(f, policy, r -> r);
        assertThat(kept).hasSize(15);
        assertThat(policy.skipping()).isTrue();
        assertThat(policy.skipped()).isEqualTo(15);
        assertThat(policy.examples()).hasSize(10);
        assertThat(policy.examples().getFirst()).startsWith(f + ":1: malformed JSON");
        assertThat(policy.examples().get(9)).startsWith(f + ":19: ");
        assertThatThrownBy(() -> policy.examples().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(BadRecords.of(false).skipping()).isFalse();
    }

    @Test
    void readAllSendsParseErrorsOfGoodJsonToThePolicy(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("fields.jsonl");
        Files.writeString(f, "{\"q\": \"a\"}\n{\"q\": 5}\n{\"other\": 1}\n{\"q\": \"d\"}\n");
        assertThatThrownBy(() -> JsonlReader.readAll(f, BadRecords.failFast(), r -> r.text("q")))
                .isInstanceOf(BadInputException.class)
                .hasMessage(f + ":2: field 'q': expected a string, found number");
        BadRecords skip = BadRecords.skipAndCount();
        assertThat(JsonlReader.readAll(f, skip, r -> r.text("q"))).containsExactly("a", "d");
        assertThat(skip.examples()).containsExactly(
                f + ":2: field 'q': expected a string, found number",
                f + ":3: field 'q': missing");
    }

    @Test
    void aFieldErrorOnARecordIsReportedBeforeTheNextLineIsRead(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("ahead.jsonl");
        Files.writeString(f, "{\"q\": 5}\n{not json\n");
        assertThatThrownBy(() -> JsonlReader.readAll(f, BadRecords.failFast(), r -> r.text("q")))
                .isInstanceOf(BadInputException.class)
                .hasMessage(f + ":1: field 'q': expected a string, found number");
    }

    @Test
    void streamingReadHoldsOnlyTheRecordsTheCallerKeeps(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("big.jsonl.gz");
        int n = 20_000;
        try (JsonlWriter w = JsonlWriter.create(f)) {
            for (int i = 0; i < n; i++) w.write(Map.of("i", i));
            w.commit();
        }
        long sum = 0, count = 0;
        try (JsonlReader r = JsonlReader.open(f, BadRecords.failFast())) {
            for (JsonRecord rec : r) {
                sum += rec.integer("i");
                count++;
            }
        }
        assertThat(count).isEqualTo(n);
        assertThat(sum).isEqualTo((long) n * (n - 1) / 2);
    }

    // ---- JsonRecord accessors: every failure names file, line and field ----

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "text missing        | {}                       | text     | field 'x': missing",
            "text null           | {\"x\": null}            | text     | field 'x': missing",
            "text number         | {\"x\": 1}               | text     | field 'x': expected a string, found number",
            "text bool           | {\"x\": true}            | text     | field 'x': expected a string, found boolean",
            "number string       | {\"x\": \"1.5\"}         | number   | field 'x': expected a number, found string",
            "number NaN          | {\"x\": NaN}             | number   | field 'x': value is NaN; only finite numbers are accepted",
            "number Infinity     | {\"x\": -Infinity}       | number   | field 'x': value is -Infinity",
            "number overflow     | {\"x\": 1e400}           | number   | only finite numbers are accepted",
            "integer fraction    | {\"x\": 1.5}             | integer  | field 'x': expected an integer, found 1.5",
            "integer too big     | {\"x\": 99999999999999999999} | integer | field 'x': expected an integer",
            "integer string      | {\"x\": \"3\"}           | integer  | field 'x': expected an integer",
            "bool 2              | {\"x\": 2}               | bool     | field 'x': expected true/false or 1/0, found 2",
            "bool string         | {\"x\": \"yes\"}         | bool     | field 'x': expected true/false or 1/0",
            "floats not array    | {\"x\": 1}               | floats   | field 'x': expected an array of numbers",
            "floats element      | {\"x\": [1, \"a\"]}      | floats   | field 'x': element 1 is not a number",
            "floats NaN          | {\"x\": [0, NaN]}        | floats   | field 'x': element 1 is NaN",
            "floats > float32    | {\"x\": [1e39]}          | floats   | field 'x': element 0 is 1.0E39, outside the float32 range",
            "texts number        | {\"x\": 3}               | texts    | field 'x': expected a string or an array of strings",
            "texts element       | {\"x\": [\"a\", 3]}      | texts    | field 'x': element 1 is not a string",
            "optText number      | {\"x\": 3}               | optText  | field 'x': expected a string",
            "optBool string      | {\"x\": \"no\"}          | optBool  | field 'x': expected true/false",
    })
    void accessorErrorsNameFileLineAndField(String what, String json, String accessor, String problem, @TempDir Path dir) throws IOException {
        Path f = dir.resolve("r.jsonl");
        Files.writeString(f, "{\"pad\": 0}\n" + json + "\n");
        JsonRecord rec = JsonlReader.readAll(f).get(1);
        Runnable call = switch (accessor) {
            case "text" -> () -> rec.text("x");
            case "number" -> () -> rec.number("x");
            case "integer" -> () -> rec.integer("x");
            case "bool" -> () -> rec.bool("x");
            case "floats" -> () -> rec.floats("x");
            case "texts" -> () -> rec.texts("x");
            case "optText" -> () -> rec.optText("x");
            case "optBool" -> () -> rec.optBool("x");
            default -> throw new IllegalArgumentException(accessor);
        };
        assertThatThrownBy(call::run).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(f + ":2: field 'x': ")
                .hasMessageContaining(problem);
    }

    @Test
    void accessorsReturnWhatTheFieldHolds(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("ok.jsonl");
        Files.writeString(f, "{\"s\": \"hi\", \"n\": -2.5e3, \"i\": 9007199254740993, \"b1\": 1, \"b0\": false,"
                + " \"v\": [1, 2.5, -3e-3], \"one\": \"solo\", \"many\": [\"a\", \"b\"], \"nul\": null}\n");
        JsonRecord r = JsonlReader.readAll(f).getFirst();
        assertThat(r.text("s")).isEqualTo("hi");
        assertThat(r.number("n")).isEqualTo(-2500.0);
        assertThat(r.integer("i")).isEqualTo(9007199254740993L);
        assertThat(r.bool("b1")).isTrue();
        assertThat(r.bool("b0")).isFalse();
        assertThat(r.optBool("b1")).contains(true);
        assertThat(r.optBool("absent")).isEmpty();
        assertThat(r.floats("v")).containsExactly(1f, 2.5f, -3e-3f);
        assertThat(r.texts("one")).containsExactly("solo");
        assertThat(r.texts("many")).containsExactly("a", "b");
        assertThat(r.has("nul")).isFalse();
        assertThat(r.has("s")).isTrue();
        assertThat(r.optText("nul")).isEmpty();
        assertThat(r.error("s", "custom problem")).hasMessage(f + ":1: field 's': custom problem");
    }

    // ---- JsonlWriter: atomic create, append + sync ----

    @Test
    void createLeavesNoFileUntilCommittedAndNoTempFileWhenAbandoned(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("out.jsonl");
        try (JsonlWriter w = JsonlWriter.create(target)) {
            for (int i = 0; i < 2_000; i++) w.write(Map.of("i", i));
            w.sync();
            assertThat(target).doesNotExist();
            assertThat(listing(dir)).singleElement().asString().startsWith(".out.jsonl.").endsWith(".tmp");
            // no commit: an exception in the caller, say
        }
        assertThat(target).doesNotExist();
        assertThat(listing(dir)).isEmpty();
    }

    @Test
    void commitReplacesTheOldFileWholeAndOnlyThen(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("out.jsonl");
        Files.writeString(target, "{\"old\": true}\n");
        try (JsonlWriter w = JsonlWriter.create(target)) {
            w.write(Map.of("new", 1));
            w.write(Map.of("new", 2));
            w.sync();
            assertThat(Files.readString(target)).isEqualTo("{\"old\": true}\n");
            w.commit();
            assertThatThrownBy(() -> w.write(Map.of("late", 1))).isInstanceOf(IllegalStateException.class);
        }
        assertThat(Files.readAllLines(target)).containsExactly("{\"new\":1}", "{\"new\":2}");
        assertThat(listing(dir)).containsExactly("out.jsonl");

        try (JsonlWriter w = JsonlWriter.create(target)) {
            w.write(Map.of("abandoned", 1));
        }
        assertThat(Files.readAllLines(target)).containsExactly("{\"new\":1}", "{\"new\":2}");
    }

    @Test
    void committedFilesAreReadableLikeAnyOtherFile(@TempDir Path dir) throws IOException {
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "x");
        Path target = dir.resolve("out.jsonl");
        try (JsonlWriter w = JsonlWriter.create(target)) {
            w.write(Map.of("a", 1));
            w.commit();
        }
        // Files.createTempFile would have made it rw------- whatever the umask
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(Files.getPosixFilePermissions(plain));
    }

    @Test
    void appendAddsLinesAcrossWritersAndSyncMakesThemVisible(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("sub/tuples.jsonl");
        try (JsonlWriter w = JsonlWriter.append(log)) {
            w.write(Map.of("k", 1));
            w.sync();
            assertThat(Files.readAllLines(log)).containsExactly("{\"k\":1}");
            w.write(Map.of("k", 2));
        }
        try (JsonlWriter w = JsonlWriter.append(log)) {
            w.write(Map.of("k", 3));
            w.sync();
            assertThat(JsonlReader.readAll(log)).extracting(r -> r.integer("k")).containsExactly(1L, 2L, 3L);
            assertThatThrownBy(w::commit).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aValueThatCannotBeSerializedWritesNothing(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("log.jsonl");
        record Broken(String name) {
            @Override
            public String name() {
                throw new IllegalStateException("no name yet");
            }
        }
        try (JsonlWriter w = JsonlWriter.append(log)) {
            w.write(Map.of("k", 1));
            assertThatThrownBy(() -> w.write(new Broken("x"))).isInstanceOf(IllegalArgumentException.class);
            w.write(Map.of("k", 2));
            w.sync();
        }
        assertThat(Files.readAllLines(log)).containsExactly("{\"k\":1}", "{\"k\":2}");
    }

    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static byte[] gzip(byte[] data) {
        var bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
