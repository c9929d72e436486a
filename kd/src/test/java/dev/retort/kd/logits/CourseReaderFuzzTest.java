package dev.retort.kd.logits;

import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Damaged course files: the reader either reads them or fails with a BadInputException, nothing else. */
class CourseReaderFuzzTest {
    private static final List<String> LINES;

    static {
        try {
            LINES = Files.readAllLines(CourseFormatTest.SAMPLE).subList(0, 5);   // the small records
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A record line with a few characters replaced, deleted or inserted at random places. */
    @Provide
    Arbitrary<String> damagedLine() {
        Arbitrary<Integer> line = Arbitraries.integers().between(1, LINES.size() - 1);
        Arbitrary<List<int[]>> edits = Combinators.combine(
                        Arbitraries.integers().between(0, 2),                  // replace, delete, insert
                        Arbitraries.integers().between(0, Integer.MAX_VALUE))  // where
                .as((op, at) -> new int[]{op, at}).list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<String> chars = Arbitraries.of("0", "f", "z", "\"", ",", "}", "]", "9", "-", "e", "n", "1e400", "[", "{", " ", "null");
        return Combinators.combine(line, edits, chars.list().ofSize(4)).as((l, es, cs) -> {
            StringBuilder s = new StringBuilder(LINES.get(l));
            for (int i = 0; i < es.size(); i++) {
                int[] e = es.get(i);
                int at = Math.floorMod(e[1], s.length());
                switch (e[0]) {
                    case 0 -> s.replace(at, at + 1, cs.get(i));
                    case 1 -> s.deleteCharAt(at);
                    default -> s.insert(at, cs.get(i));
                }
            }
            return s.toString();
        });
    }

    @Property(tries = 200)
    void onlyBadInputEscapes(@ForAll("damagedLine") String line) throws IOException {
        Path file = Files.createTempFile("fuzz", ".jsonl");
        try {
            Files.writeString(file, LINES.get(0) + "\n" + line + "\n", StandardCharsets.UTF_8);
            try {
                TeacherLogitsReader.readAll(file, BadRecords.failFast());
            } catch (BadInputException expected) {
                // a clear message is the only acceptable failure
            }
        } finally {
            Files.delete(file);
        }
    }

    /** Random bytes as the LZ4 frame: never anything but a BadInputException. */
    @Property(tries = 150)
    void randomFramesFailCleanly(@ForAll("frames") byte[] frame) throws IOException {
        String line = LINES.get(1).replaceFirst("\"data\": \"[0-9a-f]*\"", "\"data\": \"" + Hex.encode(frame) + "\"");
        onlyBadInputEscapes(line);
    }

    @Provide
    Arbitrary<byte[]> frames() {
        byte[] valid = Hex.decode(LINES.get(1).replaceFirst(".*\"data\": \"([0-9a-f]*)\".*", "$1"));
        Arbitrary<byte[]> mutated = Arbitraries.integers().between(0, valid.length - 1).list().ofMinSize(1).ofMaxSize(6)
                .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                    byte[] b = valid.clone();
                    for (int i = 0; i < positions.size(); i++) b[positions.get(i)] = values.get(i);
                    return b;
                }));
        return Arbitraries.oneOf(mutated, Arbitraries.bytes().array(byte[].class).ofMaxSize(64),
                Arbitraries.integers().between(0, valid.length).map(n -> java.util.Arrays.copyOf(valid, n)));
    }
}
