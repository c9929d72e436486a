package dev.retort.core.report;

import dev.retort.core.BadInputException;
import dev.retort.core.io.CsvTable;
import dev.retort.core.io.Json;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TfEventsTest {

    private static int mask(long crc) {
        int c = (int) crc;
        return ((c >>> 15) | (c << 17)) + 0xa282ead8;
    }

    @Test
    void maskedCrc32cMatchesPublishedVectors() {
        // CRC32C check value (iSCSI, RFC 3720 B.4) and its TFRecord mask, the latter computed by check_tfrecord.py
        byte[] digits = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(TfEventWriter.maskedCrc(digits, 0, 9)).isEqualTo(mask(0xE3069283L)).isEqualTo(0xc78ab0e5);
        assertThat(TfEventWriter.maskedCrc(new byte[32], 0, 32)).isEqualTo(mask(0x8A9136AAL)).isEqualTo(0x0fd7fffa);
        byte[] ones = new byte[32];
        Arrays.fill(ones, (byte) 0xFF);
        assertThat(TfEventWriter.maskedCrc(ones, 0, 32)).isEqualTo(mask(0x62A8AB43L));
        byte[] ramp = new byte[40];
        for (int i = 0; i < 32; i++) ramp[i + 8] = (byte) i;
        assertThat(TfEventWriter.maskedCrc(ramp, 8, 32)).isEqualTo(mask(0x46DD794EL)).isEqualTo(0x951f7892);
        assertThat(TfEventWriter.maskedCrc(new byte[0], 0, 0)).isEqualTo(0xa282ead8);
    }

    /** Logs a few curves and returns the event file. */
    private static Path logCurves(Path dir) throws IOException {
        try (MetricsLogger m = new MetricsLogger(dir.resolve("metrics.csv"), dir.resolve("tb"))) {
            for (int step = 0; step < 6; step++) {
                Map<String, Double> values = new LinkedHashMap<>();
                values.put("loss", Math.exp(-step));
                values.put("accuracy", step / 10.0);
                m.log(step * 100L, values);
            }
            m.log(600, "loss/\u00e9val", -1.5e-7);
            assertThat(m.tags()).containsExactly("loss", "accuracy", "loss/\u00e9val");
            LineChart.Series s = m.series("loss", "train loss");
            assertThat(s.x()).containsExactly(0, 100, 200, 300, 400, 500);
            assertThat(s.y()[2]).isEqualTo(Math.exp(-2));
        }
        try (Stream<Path> s = Files.list(dir.resolve("tb"))) {
            return s.findFirst().orElseThrow();
        }
    }

    @Test
    void metricsLoggerWritesCsvAndEventsThatReadBackWithEveryCrcChecked(@TempDir Path dir) throws IOException {
        double before = System.currentTimeMillis() / 1e3;
        Path events = logCurves(dir);
        double after = System.currentTimeMillis() / 1e3;
        assertThat(events.getFileName().toString()).matches("events\\.out\\.tfevents\\.\\d+\\..+\\.\\d+\\.\\d+");

        TfEventReader.Events read = TfEventReader.read(events);
        assertThat(read.fileVersion()).isEqualTo("brain.Event:2");
        assertThat(read.scalars()).hasSize(13);
        assertThat(read.scalars().getFirst()).satisfies(s -> {
            assertThat(s.step()).isZero();
            assertThat(s.tag()).isEqualTo("loss");
            assertThat(s.value()).isEqualTo(1f);
            assertThat(s.wallTime()).isBetween(before - 1, after + 1);
        });
        assertThat(read.scalars().get(5)).isEqualTo(new TfEventReader.Scalar(200, "accuracy", 0.2f, read.scalars().get(5).wallTime()));
        assertThat(read.scalars().getLast().tag()).isEqualTo("loss/\u00e9val");
        assertThat(read.scalars().getLast().value()).isEqualTo(-1.5e-7f);

        CsvTable csv = CsvTable.read(dir.resolve("metrics.csv"));
        assertThat(csv.columns()).containsExactly("step", "tag", "value", "wall_time");
        assertThat(csv.rows()).hasSize(13);
        for (int i = 0; i < 13; i++) {
            TfEventReader.Scalar s = read.scalars().get(i);
            assertThat(csv.number(i, "step")).isEqualTo(s.step());
            assertThat(csv.get(i, "tag")).isEqualTo(s.tag());
            assertThat((float) csv.number(i, "value")).isEqualTo(s.value());
            assertThat(csv.number(i, "wall_time")).isCloseTo(s.wallTime(), within(1.0));
        }
    }

    @Test
    void everySingleByteFlipIsACrcError(@TempDir Path dir) throws IOException {
        byte[] good = Files.readAllBytes(logCurves(dir));
        Path damaged = dir.resolve("damaged");
        for (int i = 0; i < good.length; i++) {
            byte[] b = good.clone();
            b[i] ^= 0x10;
            Files.write(damaged, b);
            assertThatThrownBy(() -> TfEventReader.read(damaged)).as("byte %d", i).isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith(damaged + ": record ")
                    .hasMessageMatching(".*(CRC mismatch at byte \\d+ \\(the file is damaged\\)|runs past the end of the file.*)");
        }
    }

    @Test
    void truncationEitherDropsWholeRecordsOrIsAnError(@TempDir Path dir) throws IOException {
        byte[] good = Files.readAllBytes(logCurves(dir));
        List<TfEventReader.Scalar> all = TfEventReader.read(dir.resolve("tb").toFile().listFiles()[0].toPath()).scalars();
        Path cut = dir.resolve("cut");
        int complete = 0;
        for (int n = 0; n < good.length; n++) {
            Files.write(cut, Arrays.copyOf(good, n));
            try {
                List<TfEventReader.Scalar> got = TfEventReader.read(cut).scalars();
                assertThat(got).isEqualTo(all.subList(0, got.size()));
                complete++;
            } catch (BadInputException e) {
                assertThat(e.getMessage()).startsWith(cut + ": record ");
            }
        }
        assertThat(complete).isEqualTo(14); // the empty file and the 13 record boundaries before the end
    }

    @Test
    void readsScalarsAnIndependentPythonReaderSees(@TempDir Path dir) throws Exception {
        Path events = logCurves(dir);
        Path script = Path.of(TfEventsTest.class.getResource("/tfevents/check_tfrecord.py").toURI());
        String json;
        try {
            Process p = new ProcessBuilder("python3", script.toString(), events.toString()).redirectErrorStream(true).start();
            json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(json).isZero();
        } catch (IOException e) {
            assumeTrue(false, "python3 not installed");
            return;
        }
        var node = Json.MAPPER.readTree(json);
        assertThat(node.path("version").asText()).isEqualTo("brain.Event:2");
        assertThat(node.path("records").asInt()).isEqualTo(14); // file_version + 13 scalars
        List<TfEventReader.Scalar> ours = TfEventReader.read(events).scalars();
        assertThat(node.path("scalars").size()).isEqualTo(ours.size());
        for (int i = 0; i < ours.size(); i++) {
            var py = node.path("scalars").get(i);
            assertThat(py.get(0).asLong()).isEqualTo(ours.get(i).step());
            assertThat(py.get(1).asText()).isEqualTo(ours.get(i).tag());
            assertThat((float) py.get(2).asDouble()).isEqualTo(ours.get(i).value());
        }
    }

    @Test
    void aValidlyFramedRecordThatIsNotAnEventIsNamed(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad");
        List<byte[]> payloads = List.of(
                new byte[]{0x2a, (byte) 0xe8, 0x07, 1, 2},         // field 5, 1000 bytes claimed, 2 present
                new byte[]{0x09, 1, 2, 3},                          // field 1 double cut short
                new byte[]{0x10, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                        (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01}, // varint of 11 bytes
                new byte[]{0x0b},                                   // wire type 3 (groups)
                new byte[]{0x08, 0x01},                             // wall_time as a varint: wrong wire type
                new byte[]{0x00},                                   // field number 0
                new byte[]{0x2a, 0x03, 0x0a, 0x05, 0x0a});          // summary whose value overruns it
        for (byte[] payload : payloads) {
            Files.write(f, frame(payload));
            assertThatThrownBy(() -> TfEventReader.read(f)).as(Arrays.toString(payload)).isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith(f + ": record 0: malformed Event protobuf: ");
        }
    }

    @Property(tries = 300)
    void randomPayloadsInValidFramesOnlyEverGiveBadInput(@ForAll @Size(max = 4) List<@Size(max = 60) byte[]> payloads) throws IOException {
        Path f = Files.createTempFile("tfevents-fuzz", "");
        try {
            var out = new ByteArrayOutputStream();
            for (byte[] p : payloads) out.writeBytes(frame(p));
            Files.write(f, out.toByteArray());
            try {
                TfEventReader.read(f);
            } catch (BadInputException e) {
                assertThat(e.getMessage()).startsWith(f + ": record ");
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void nonScalarValuesAreSkippedNotReadAsNaN(@TempDir Path dir) throws IOException {
        // Event{step 3, summary{value{tag "img", image{...}}, value{tag "x", simple_value 2.5}}}
        byte[] image = {0x0a, 0x03, 'i', 'm', 'g', 0x22, 0x02, 0x08, 0x01};
        byte[] scalar = {0x0a, 0x01, 'x', 0x15, 0, 0, 0x20, 0x40};
        var summary = new ByteArrayOutputStream();
        summary.write(0x0a);
        summary.write(image.length);
        summary.writeBytes(image);
        summary.write(0x0a);
        summary.write(scalar.length);
        summary.writeBytes(scalar);
        var event = new ByteArrayOutputStream();
        event.write(0x2a); // summary before step: field order must not matter
        event.write(summary.size());
        event.writeBytes(summary.toByteArray());
        event.writeBytes(new byte[]{0x10, 0x03});
        Path f = dir.resolve("mixed");
        Files.write(f, frame(event.toByteArray()));
        assertThat(TfEventReader.read(f).scalars()).containsExactly(new TfEventReader.Scalar(3, "x", 2.5f, 0));
    }

    private static byte[] frame(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(16 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(payload.length);
        b.putInt(TfEventWriter.maskedCrc(b.array(), 0, 8));
        b.put(payload);
        b.putInt(TfEventWriter.maskedCrc(payload, 0, payload.length));
        return b.array();
    }
}
