package dev.retort.kd.logits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.core.io.JsonlReader;
import dev.retort.kd.data.AssertionExample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CourseFormatTest {
    static final Path SAMPLE = Path.of("../data/assertions/course-format/distillation_data_sample.jsonl");
    static final Path EXPECTED = Path.of("../data/assertions/course-format/expected.json");

    @TempDir
    Path dir;

    @Test
    void decodesThePythonLz4SampleToTheValuesNumpyGives() {
        List<TeacherExample> records = TeacherLogitsReader.readAll(SAMPLE, BadRecords.failFast());
        JsonNode expected = Json.readTree(EXPECTED);
        assertThat(records).hasSize(expected.size());
        for (JsonNode e : expected) {
            TeacherLogits.Dense d = (TeacherLogits.Dense) records.get(e.get("index").asInt()).logits();
            assertThat(new int[]{1, d.length(), d.vocabSize()}).as("shape of %s", e.get("index"))
                    .containsExactly(e.get("shape").get(0).asInt(), e.get("shape").get(1).asInt(), e.get("shape").get(2).asInt());
            float[] v = d.values();
            double sum = 0;
            for (float x : v) sum += x;
            assertThat(sum).as("sum of record %s", e.get("index")).isCloseTo(e.get("sum").asDouble(), within(1e-4 * Math.max(1, Math.abs(sum)) + 1e-3));
            for (int i = 0; i < 8; i++) {
                assertThat(v[i]).isCloseTo((float) e.get("first8").get(i).asDouble(), within(1e-5f));
                assertThat(v[v.length - 8 + i]).isCloseTo((float) e.get("last8").get(i).asDouble(), within(1e-5f));
            }
            for (int t = 0; t < d.length(); t++) {
                assertThat(argmax(d.row(t))).as("argmax of record %s position %d", e.get("index"), t)
                        .isEqualTo(e.get("argmax_per_position").get(t).asInt());
            }
        }
        assertThat(records.get(0).example().focalMethod()).isEqualTo("public int f0(int a) { return a + 0; }");
        assertThat(records.get(0).example().assertions()).containsExactly("assertEquals(1, r);");
        assertThat(records.get(1).example().focalFile()).isNull();
        assertThat(records.get(0).predictedAssertions()).isEqualTo("assertEquals(1, r);");
    }

    static int argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
        return best;
    }

    static TeacherLogits.Dense randomLogits(String id, int t, int v, long seed) {
        Random r = new Random(seed);
        float[][] rows = new float[t][v];
        for (float[] row : rows) for (int i = 0; i < v; i++) row[i] = (float) (r.nextGaussian() * 3);
        return TeacherLogits.Dense.of(id, rows);
    }

    static TeacherExample example(String id, TeacherLogits logits) {
        return new TeacherExample(new AssertionExample(id, "int f() { return 1; }", "@Test void t() {\n // <ASSERTION_PLACEHOLDER>\n}",
                List.of("assertEquals(1, f());", "assertTrue(true);"), "g:a:1", "FooTest", "Foo", "class Foo {}"), "assertEquals(1, f());", logits);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 8, 16, 32})
    void writesWhatItReadsWithinTheQuantizationStep(int bits) {
        Path file = dir.resolve("out.jsonl");
        List<TeacherLogits.Dense> written = List.of(randomLogits("a", 7, 33, 1), randomLogits("b", 5, 20, 2));
        try (TeacherLogitsWriter w = CourseFormat.writer(file, bits, "training", "retort-teacher")) {
            for (var l : written) w.write(example(l.id(), l));
            w.commit();
        }
        JsonNode header = JsonlReader.readAll(file).get(0).node().get("header");
        assertThat(header.get("item_count").asInt()).isEqualTo(2);
        assertThat(header.at("/args/bits").asInt()).isEqualTo(bits);
        List<TeacherExample> read = TeacherLogitsReader.readAll(file, BadRecords.failFast());
        assertThat(read).hasSize(2);
        for (int i = 0; i < 2; i++) {
            float[] in = written.get(i).values(), out = ((TeacherLogits.Dense) read.get(i).logits()).values();
            float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
            for (float x : in) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            double tol = switch (bits) {
                case 4 -> (max - min) / 15.0 / 2 + 1e-5;
                case 8 -> (max - min) / 255.0 / 2 + 1e-5;
                case 16 -> 0.01;
                default -> 0;
            };
            for (int j = 0; j < in.length; j++) assertThat((double) out[j]).isCloseTo(in[j], within(tol));
            assertThat(read.get(i).example()).isEqualTo(example(written.get(i).id(), written.get(i)).example());
        }
        assertThat(dir.toFile().list()).containsExactly("out.jsonl");
    }

    @Test
    void framesDecompressWithTheReferenceLz4Tool() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/lz4")), "lz4 command-line tool not installed");
        TeacherLogits.Dense logits = randomLogits("a", 9, 101, 3);
        ObjectNode c = CourseFormat.encode(logits, 4);
        Path frame = dir.resolve("f.lz4");
        Files.write(frame, Hex.decode(c.at("/data_encoded/data").asText()));
        Process p = new ProcessBuilder("/usr/bin/lz4", "-d", "-c", frame.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] raw = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        assertThat(raw).isEqualTo(Quantized.encode(logits.values(), 4).bytes());
        assertThat(c.get("padded").asBoolean()).isTrue();
    }

    /** Takes a valid one-record file, applies {@code damage} to the record, and returns the reader's message. */
    String errorAfter(Consumer<ObjectNode> damage) throws Exception {
        ObjectNode rec = (ObjectNode) Json.MAPPER.readTree(Files.readAllLines(SAMPLE).get(1));
        damage.accept(rec);
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, Json.toJson(Json.object().set("header", Json.object())) + "\n" + Json.toJson(rec) + "\n");
        try {
            TeacherLogitsReader.readAll(file, BadRecords.failFast());
        } catch (BadInputException e) {
            assertThat(e.getMessage()).startsWith(file + ":2: field '");
            return e.getMessage();
        }
        throw new AssertionError("no error");
    }

    static ObjectNode logits(ObjectNode rec) {
        return (ObjectNode) rec.get("compressed_logits");
    }

    static ObjectNode encoded(ObjectNode rec) {
        return (ObjectNode) logits(rec).get("data_encoded");
    }

    @Test
    void badRecordsAreNamed() throws Exception {
        assertThat(errorAfter(r -> encoded(r).put("data", "04224d18zz"))).contains("data_encoded.data").contains("malformed hex");
        assertThat(errorAfter(r -> encoded(r).put("data", encoded(r).get("data").asText().substring(0, 301)))).contains("odd number");
        assertThat(errorAfter(r -> encoded(r).put("data", encoded(r).get("data").asText().substring(0, 300)))).contains("truncated or corrupt LZ4");
        assertThat(errorAfter(r -> logits(r).putArray("shape").add(1).add(13).add(50))).contains("the shape and bits need 325");
        assertThat(errorAfter(r -> logits(r).putArray("shape").add(1).add(11).add(50))).contains("more than the 275 bytes");
        assertThat(errorAfter(r -> logits(r).put("bits", 5))).contains("compressed_logits.bits");
        assertThat(errorAfter(r -> logits(r).put("scale", Double.NaN))).contains("compressed_logits.scale");
        assertThat(errorAfter(r -> logits(r).remove("zero_point"))).contains("compressed_logits.zero_point");
        assertThat(errorAfter(r -> r.remove("test_method_masked"))).contains("test_method_masked").contains("missing");
        assertThat(errorAfter(r -> r.remove("compressed_logits"))).contains("compressed_logits");
    }

    @Test
    void nonFiniteStoredValuesAreRejected() throws Exception {
        byte[] raw = java.nio.ByteBuffer.allocate(48).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(20, Float.NaN).array();
        String hex = Hex.encode(Lz4Frames.compress(raw));
        String msg = errorAfter(r -> {
            logits(r).put("bits", 32).putArray("shape").add(1).add(3).add(4);
            encoded(r).put("data", hex);
        });
        assertThat(msg).contains("position 1, token 1 is NaN");
    }

    @Test
    void skippingCountsBadRecordsAndKeepsGoodOnes() throws Exception {
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(SAMPLE));
        lines.set(2, lines.get(2).replace("\"data\": \"04", "\"data\": \"zz"));
        Path file = dir.resolve("mixed.jsonl");
        Files.write(file, lines);
        BadRecords bad = BadRecords.skipAndCount();
        assertThat(TeacherLogitsReader.readAll(file, bad)).hasSize(5);
        assertThat(bad.skipped()).isEqualTo(1);
        assertThat(bad.examples().get(0)).contains(":3: field 'compressed_logits.data_encoded.data'");
    }
}
