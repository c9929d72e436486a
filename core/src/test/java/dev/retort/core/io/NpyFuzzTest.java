package dev.retort.core.io;

import dev.retort.core.BadInputException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link Npy#read}: random files, numpy's own files with random damage, and headers built from
 * random pieces (dtypes, shapes up to 2^63, wrong lengths, versions). Reading either gives a consistent
 * array or a {@link BadInputException} naming the file — never NegativeArraySize, BufferUnderflow,
 * OutOfMemory or a parse exception. The {@code slow} variants run more tries.
 */
class NpyFuzzTest {
    private static final Path FILE;
    private static final List<byte[]> NUMPY_FILES;

    static {
        try {
            FILE = Files.createTempFile("npy-fuzz", ".npy");
            Path fixtures = JsonlTest.resource("npy/expected.json").getParent();
            try (var s = Files.list(fixtures)) {
                NUMPY_FILES = s.filter(p -> p.toString().endsWith(".npy")).sorted().map(p -> {
                    try {
                        return Files.readAllBytes(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterContainer
    static void removeFile() throws IOException {
        Files.deleteIfExists(FILE);
    }

    @Property(tries = 500)
    void randomBytes(@ForAll @Size(max = 600) byte[] bytes, @ForAll boolean withMagic) {
        byte[] file = bytes;
        if (withMagic) {
            file = bytes.clone();
            byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
            System.arraycopy(magic, 0, file, 0, Math.min(magic.length, file.length));
        }
        readsOrFailsCleanly(file);
    }

    @Property(tries = 500)
    void damagedNumpyFiles(@ForAll @IntRange(max = 1000) int which, @ForAll("damage") List<int[]> damage) {
        byte[] file = NUMPY_FILES.get(which % NUMPY_FILES.size()).clone();
        for (int[] d : damage) {
            switch (d[0]) {
                case 0 -> file[d[1] % file.length] = (byte) d[2];                    // overwrite a byte
                case 1 -> file = Arrays.copyOf(file, Math.max(1, d[1] % file.length)); // truncate
                default -> {                                                          // insert a byte
                    int at = d[1] % file.length;
                    byte[] longer = new byte[file.length + 1];
                    System.arraycopy(file, 0, longer, 0, at);
                    longer[at] = (byte) d[2];
                    System.arraycopy(file, at, longer, at + 1, file.length - at);
                    file = longer;
                }
            }
        }
        readsOrFailsCleanly(file);
    }

    @Property(tries = 400)
    void randomHeaders(@ForAll("headers") String dict, @ForAll @IntRange(min = 1, max = 4) int version,
                       @ForAll @IntRange(min = -3, max = 3) int lengthError, @ForAll @IntRange(max = 300) int bodyBytes) {
        readsOrFailsCleanly(file(dict, version, lengthError, bodyBytes));
    }

    @Property(tries = 10_000)
    @Tag("slow")
    void randomHeadersLong(@ForAll("headers") String dict, @ForAll @IntRange(min = 1, max = 4) int version,
                           @ForAll @IntRange(min = -3, max = 3) int lengthError, @ForAll @IntRange(max = 300) int bodyBytes) {
        readsOrFailsCleanly(file(dict, version, lengthError, bodyBytes));
    }

    @Property(tries = 10_000)
    @Tag("slow")
    void damagedNumpyFilesLong(@ForAll @IntRange(max = 1000) int which, @ForAll("damage") List<int[]> damage) {
        damagedNumpyFiles(which, damage);
    }

    private static byte[] file(String dict, int version, int lengthError, int bodyBytes) {
        byte[] header = dict.getBytes(version == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int declared = Math.max(0, header.length + lengthError);
        ByteBuffer b = ByteBuffer.allocate(12 + header.length + bodyBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        if (version == 1) b.putShort((short) declared);
        else b.putInt(declared);
        b.put(header);
        for (int i = 0; i < bodyBytes; i++) b.put((byte) (i * 31));
        return Arrays.copyOf(b.array(), b.position());
    }

    private static void readsOrFailsCleanly(byte[] file) {
        try {
            Files.write(FILE, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            NdArray a = Npy.read(FILE);
            assertThat(a.data().remaining()).isEqualTo(a.size() * a.dtype().bytes());
            assertThat(a.toFloats()).hasSize((int) a.size());
        } catch (BadInputException e) {
            assertThat(e.getMessage()).startsWith(FILE + ": ");
        }
        try {
            Npy.read(new ByteArrayInputStream(file), "stream");
        } catch (BadInputException e) {
            assertThat(e.getMessage()).startsWith("stream: ");
        } catch (IOException e) {
            throw new AssertionError("a byte array stream cannot fail", e);
        }
    }

    @Provide
    Arbitrary<List<int[]>> damage() {
        Arbitrary<int[]> one = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 100_000),
                Arbitraries.integers().between(0, 255)).as((kind, at, value) -> new int[]{kind, at, value});
        return one.list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> headers() {
        Arbitrary<String> descr = Arbitraries.of("<f4", "<f2", "<f8", "<i8", "<i4", ">f4", "|u1", "<c8", "=f4", "", "<f4'", "<U10", "O");
        Arbitrary<String> dim = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 5).map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("9223372036854775807", "9223372036854775808", "-1", "4294967296", "3L", "x", "", " ", "1e3", "0x10", "(", ")"));
        Arbitrary<String> shape = dim.list().ofMaxSize(5).map(ds -> "(" + String.join(", ", ds) + (ds.size() == 1 ? ",)" : ")"));
        Arbitrary<String> fortran = Arbitraries.of("False", "True", "false", "0", "");
        Arbitrary<String> wellFormed = Combinators.combine(descr, fortran, shape)
                .as((d, f, s) -> "{'descr': '" + d + "', 'fortran_order': " + f + ", 'shape': " + s + ", }");
        Arbitrary<String> reordered = Combinators.combine(descr, shape)
                .as((d, s) -> "{'shape': " + s + ", 'descr': '" + d + "', 'fortran_order': False}");
        Arbitrary<String> garbage = Arbitraries.strings().all().ofMaxLength(120);
        Arbitrary<String> ending = Arbitraries.of("", "\n", " ".repeat(20) + "\n");
        return Combinators.combine(Arbitraries.frequencyOf(Tuple.of(5, wellFormed), Tuple.of(2, reordered), Tuple.of(1, garbage)), ending)
                .as(String::concat);
    }
}
