package dev.retort.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NpyTest {
    private static final Path FIXTURES = JsonlTest.resource("npy/expected.json").getParent();

    /** Every fixture numpy wrote (see npy/make_fixtures.py) reads back with numpy's dtype, shape and exact bytes. */
    @Test
    void readsWhatNumpyWrote() {
        JsonNode expected = Json.readTree(FIXTURES.resolve("expected.json"));
        assertThat(expected.path("readable").size()).isEqualTo(11);
        for (var it = expected.path("readable").fields(); it.hasNext(); ) {
            var e = it.next();
            NdArray a = Npy.read(FIXTURES.resolve(e.getKey()));
            JsonNode want = e.getValue();
            assertThat(a.dtype().npyDescr()).as(e.getKey()).isEqualTo(want.path("dtype").asText());
            long[] shape = new long[want.path("shape").size()];
            for (int i = 0; i < shape.length; i++) shape[i] = want.path("shape").get(i).asLong();
            assertThat(a.shape()).as(e.getKey()).containsExactly(shape);
            assertThat(bytes(a)).as(e.getKey()).isEqualTo(HexFormat.of().parseHex(want.path("hex").asText()));
            JsonNode values = want.path("values");
            if (a.dtype().isFloating()) {
                double[] got = a.toDoubles();
                assertThat(got).as(e.getKey()).hasSize(values.size());
                for (int i = 0; i < got.length; i++) assertThat(got[i]).as(e.getKey() + "[" + i + "]").isEqualTo(values.get(i).doubleValue());
            } else {
                long[] got = a.toLongs();
                for (int i = 0; i < got.length; i++) assertThat(got[i]).as(e.getKey() + "[" + i + "]").isEqualTo(values.get(i).longValue());
            }
        }
    }

    @Test
    void zeroDimensionalAndEmptyArraysKeepTheirShape() {
        NdArray scalar = Npy.read(FIXTURES.resolve("f4_scalar.npy"));
        assertThat(scalar.shape()).isEmpty();
        assertThat(scalar.size()).isEqualTo(1);
        assertThat(scalar.toFloats()).containsExactly(3.5f);
        NdArray empty = Npy.read(FIXTURES.resolve("f4_empty_0x3.npy"));
        assertThat(empty.shape()).containsExactly(0, 3);
        assertThat(empty.toFloats()).isEmpty();
        assertThat(empty.firstNonFinite()).isEqualTo(-1);
    }

    @Test
    void rejectsBigEndianFortranAndOtherDtypesWithTheFix() {
        JsonNode rejected = Json.readTree(FIXTURES.resolve("expected.json")).path("rejected");
        assertThat(rejected.size()).isEqualTo(3);
        for (var it = rejected.fields(); it.hasNext(); ) {
            var e = it.next();
            Path f = FIXTURES.resolve(e.getKey());
            assertThatThrownBy(() -> Npy.read(f)).as(e.getKey()).isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith(f + ": ").hasMessageContaining(e.getValue().asText());
        }
        assertThatThrownBy(() -> Npy.read(FIXTURES.resolve("f4_big_endian.npy")))
                .hasMessageEndingWith("is not supported: save with x.astype(x.dtype.newbyteorder('<'))");
        assertThatThrownBy(() -> Npy.read(FIXTURES.resolve("f4_fortran_2x3.npy")))
                .hasMessageEndingWith("save with np.ascontiguousarray(x)");
    }

    @Test
    void float32Float16AndInt64RoundTripBitExactly(@TempDir Path dir) {
        SplittableRandom random = new SplittableRandom(11);
        float[] floats = new float[257];
        for (int i = 0; i < floats.length; i++) floats[i] = Float.intBitsToFloat(random.nextInt()); // every bit pattern, NaNs included
        long[] longs = random.longs(96).toArray();
        longs[0] = Long.MIN_VALUE;
        longs[1] = Long.MAX_VALUE;
        short[] halves = new short[60];
        for (int i = 0; i < halves.length; i++) halves[i] = (short) random.nextInt();
        ByteBuffer halfBytes = ByteBuffer.allocate(120).order(ByteOrder.LITTLE_ENDIAN);
        for (short h : halves) halfBytes.putShort(h);
        halfBytes.flip();

        for (NdArray a : List.of(
                NdArray.ofFloats(floats, 257),
                NdArray.ofLongs(longs, 2, 3, 16),
                new NdArray(DType.FLOAT16, new long[]{6, 10}, halfBytes),
                NdArray.ofHalfFloats(new float[]{1f, -0f, 65504f, 6e-8f, 0.1f}, 5),
                NdArray.ofFloats(new float[]{2.5f}),
                NdArray.ofFloats(new float[0], 0, 7))) {
            Path f = dir.resolve(a.dtype() + "-" + a.shape().length + ".npy");
            Npy.write(f, a);
            NdArray back = Npy.read(f);
            assertThat(back).as(a.toString()).isEqualTo(a);
            assertThat(bytes(back)).isEqualTo(bytes(a));
        }
        for (int i = 0; i < floats.length; i++) {
            assertThat(Float.floatToRawIntBits(NdArray.ofFloats(floats, 257).toFloats()[i])).isEqualTo(Float.floatToRawIntBits(floats[i]));
        }
        assertThat(NdArray.ofLongs(longs, 96).toLongs()).containsExactly(longs);
    }

    @Test
    void headersAreAlignedTo64BytesLikeNumpysOwn() {
        for (long[] shape : List.of(new long[0], new long[]{3}, new long[]{2, 3}, new long[]{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1})) {
            int count = (int) NdArray.elementCount(shape);
            byte[] file = Npy.toBytes(NdArray.ofFloats(new float[count], shape));
            int headerEnd = 10 + ((file[8] & 0xff) | (file[9] & 0xff) << 8);
            assertThat(headerEnd % 64).isZero();
            assertThat(file[headerEnd - 1]).isEqualTo((byte) '\n');
            assertThat(file.length - headerEnd).isEqualTo(4 * count);
        }
    }

    @Test
    void numpyReadsWhatWeWrite(@TempDir Path dir) throws Exception {
        assumeTrue(python("import numpy") == 0, "python3 with numpy not installed");
        Map<String, NdArray> arrays = Map.of(
                "f4.npy", NdArray.ofFloats(new float[]{0f, -0f, 1.5f, (float) Math.PI, Float.MIN_VALUE, -Float.MAX_VALUE}, 2, 3),
                "f2.npy", NdArray.ofHalfFloats(new float[]{65504f, -2.5f, 0.1f}, 3, 1),
                "i8.npy", NdArray.ofLongs(new long[]{Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}, 4),
                "s.npy", NdArray.ofFloats(new float[]{7f}),
                "e.npy", NdArray.ofLongs(new long[0], 2, 0));
        StringBuilder script = new StringBuilder("import numpy as np\n");
        for (var e : arrays.entrySet()) {
            Npy.write(dir.resolve(e.getKey()), e.getValue());
            script.append("a = np.load('").append(dir.resolve(e.getKey())).append("')\n")
                    .append("print('").append(e.getKey()).append("', a.dtype.str, list(a.shape), a.tobytes().hex())\n");
        }
        Path out = dir.resolve("numpy.txt");
        assertThat(python(script.toString(), out)).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(arrays.size());
        for (String line : lines) {
            String[] parts = line.split(" ", 3);
            NdArray a = arrays.get(parts[0]);
            String rest = parts[2];
            String shape = rest.substring(0, rest.lastIndexOf(' '));
            String hex = rest.substring(rest.lastIndexOf(' ') + 1);
            assertThat(parts[1]).as(parts[0]).isEqualTo(a.dtype().npyDescr());
            assertThat(shape).as(parts[0]).isEqualTo(java.util.Arrays.toString(a.shape()));
            assertThat(hex).as(parts[0]).isEqualTo(HexFormat.of().formatHex(bytes(a)));
        }
    }

    @Test
    void truncatedAndForeignFilesAreBadInput(@TempDir Path dir) throws IOException {
        byte[] good = Files.readAllBytes(FIXTURES.resolve("f4_2x4.npy"));
        Path cut = dir.resolve("cut.npy");
        Files.write(cut, java.util.Arrays.copyOf(good, good.length - 1));
        assertThatThrownBy(() -> Npy.read(cut)).isInstanceOf(BadInputException.class)
                .hasMessage(cut + ": data truncated: shape [2, 4] needs 32 bytes, the file holds 31");
        Path text = dir.resolve("text.npy");
        Files.writeString(text, "just some text, not numpy");
        assertThatThrownBy(() -> Npy.read(text)).isInstanceOf(BadInputException.class).hasMessage(text + ": not a .npy file (bad magic)");
        Path missing = dir.resolve("missing.npy");
        assertThatThrownBy(() -> Npy.read(missing)).isInstanceOf(BadInputException.class).hasMessage(missing + ": no such file");
    }

    @Test
    void absurdShapesAreRejectedBeforeAnyAllocation(@TempDir Path dir) throws IOException {
        for (String shape : List.of("(4294967296, 4294967296)", "(9223372036854775807, 2)", "(1000000000,)", "(-1, 3)", "(3, x)")) {
            String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
            String header = dict + " ".repeat(64 - (10 + dict.length() + 1) % 64) + "\n";
            byte[] preamble = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0};
            Path f = dir.resolve("absurd.npy");
            Files.write(f, JsonlTest.concat(preamble, header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), new byte[64]));
            assertThatThrownBy(() -> Npy.read(f)).as(shape).isInstanceOf(BadInputException.class).hasMessageStartingWith(f + ": ");
        }
    }

    @Test
    void conversionsRefuseWhatTheyCannotRepresent() {
        assertThatThrownBy(() -> NdArray.ofFloats(new float[]{0.5f}, 1).toLongs()).isInstanceOf(BadInputException.class)
                .hasMessage("expected integer values, found 0.5 at index 0");
        assertThatThrownBy(() -> NdArray.ofFloats(new float[]{Float.POSITIVE_INFINITY}, 1).toLongs()).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> NdArray.ofFloats(new float[]{Float.NaN}, 1).toLongs()).isInstanceOf(BadInputException.class);
        assertThat(NdArray.ofFloats(new float[]{1f, Float.NaN}, 2).firstNonFinite()).isEqualTo(1);
        assertThat(NdArray.ofLongs(new long[]{3}, 1).firstNonFinite()).isEqualTo(-1);
        ByteBuffer big = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(1e300).flip();
        NdArray f64 = new NdArray(DType.FLOAT64, new long[]{1}, big);
        assertThat(f64.firstNonFinite()).isEqualTo(-1); // finite in float64 even though not in float32
        ByteBuffer exact = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(0x1p53 + 2).flip();
        assertThat(new NdArray(DType.FLOAT64, new long[]{1}, exact).toLongs()).containsExactly((1L << 53) + 2);
        assertThatThrownBy(() -> NdArray.ofFloats(new float[3], 2, 2)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> NdArray.elementCount(new long[]{1L << 40, 1L << 40})).isInstanceOf(BadInputException.class);
        NdArray a = NdArray.ofFloats(new float[]{1, 2}, 2);
        a.data().position(2);
        a.shape()[0] = 5;
        assertThat(a.toFloats()).containsExactly(1f, 2f);
        assertThat(a.shape()).containsExactly(2);
    }

    static byte[] bytes(NdArray a) {
        ByteBuffer d = a.data();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    private static int python(String script) throws IOException, InterruptedException {
        return python(script, Path.of("/dev/null"));
    }

    private static int python(String script, Path stdout) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder("python3", "-c", script).redirectOutput(stdout.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1; // no python3 on PATH
        }
    }
}
