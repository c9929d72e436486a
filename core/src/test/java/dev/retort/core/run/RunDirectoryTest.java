package dev.retort.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.io.Hashing;
import dev.retort.core.io.Json;
import dev.retort.core.report.TfEventReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunDirectoryTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(RunDirectoryTest.class.getResource("/" + name).toURI());
    }

    /** sha256 as the coreutils tool computes it: the independent reference. */
    private static String sha256sum(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sha256sum", file.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        return out.substring(0, 64);
    }

    @Test
    void runJsonRecordsEverythingNeededToReproduceTheRun(@TempDir Path tmp) throws Exception {
        Path data = resource("jsonl/skills_qa_head40.jsonl");
        Path model = tmp.resolve("model");
        Files.createDirectories(model.resolve("sub"));
        Files.writeString(model.resolve("config.json"), "{\"d\": 4}");
        Files.write(model.resolve("sub/weights.bin"), new byte[]{1, 2, 3, 4, 5});
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("epochs", 3);
        config.put("lr", 0.001);
        config.put("layers", List.of(64, 32));
        List<String> args = List.of("kd", "train", "--epochs", "3", "--data", data.toString());

        Path out = tmp.resolve("results/kd-run");
        RunDirectory run = RunDirectory.create("kd", out, args, config, List.of(data, model));
        assertThat(run.path()).isEqualTo(out);
        assertThat(run.file("report.html")).isEqualTo(out.resolve("report.html"));

        JsonNode json = Json.readTree(out.resolve(RunDirectory.RUN_JSON));
        assertThat(json.path("pipeline").asText()).isEqualTo("kd");
        assertThat(Json.MAPPER.convertValue(json.path("command_line"), List.class)).isEqualTo(args);
        assertThat(Json.MAPPER.convertValue(json.path("config"), Map.class)).isEqualTo(config);
        assertThat(json.path("seed").asLong()).isEqualTo(Engine.get().seed());
        assertThat(json.path("threads").asInt()).isEqualTo(Engine.get().threads());
        assertThat(json.path("device").asText()).isEqualTo("cpu");
        assertThat(json.path("started").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        JsonNode inputs = json.path("inputs");
        assertThat(inputs.size()).isEqualTo(3);
        assertThat(inputs.path(data.toString()).asText())
                .isEqualTo("sha256:" + sha256sum(data))
                .isEqualTo("sha256:2d8495dd13c5d0345eea147918c549ae102de302de53f841f66da89d7347e536");
        for (Path f : List.of(model.resolve("config.json"), model.resolve("sub/weights.bin"))) {
            assertThat(inputs.path(f.toString()).asText()).as(f.toString()).isEqualTo("sha256:" + sha256sum(f));
        }

        JsonNode versions = json.path("versions");
        assertThat(versions.path("jdk").asText()).isEqualTo(Runtime.version().toString());
        assertThat(versions.path("libtorch").asText()).isEqualTo("2.10.0");
        assertThat(versions.path("retort").asText()).isNotEqualTo("null");
        assertThat(versions.path("os").asText()).isNotBlank();
        String commit = RunDirectory.gitCommit();
        if (commit != null) assertThat(versions.path("git_commit").asText()).isEqualTo(commit).matches("[0-9a-f]{40}");
    }

    @Test
    void aMissingInputFailsBeforeAnythingIsWritten(@TempDir Path tmp) {
        Path out = tmp.resolve("never");
        Path missing = tmp.resolve("missing.jsonl");
        assertThatThrownBy(() -> RunDirectory.create("score", out, List.of(), Map.of(), List.of(missing)))
                .isInstanceOf(BadInputException.class).hasMessage(missing + ": no such file");
        assertThat(out).doesNotExist();
    }

    @Test
    void hashingMatchesSha256sumOnBinaryAndEmptyFiles(@TempDir Path tmp) throws Exception {
        Path bin = tmp.resolve("bin");
        byte[] bytes = new byte[200_000];
        new java.util.SplittableRandom(1).nextBytes(bytes);
        Files.write(bin, bytes);
        Path empty = tmp.resolve("empty");
        Files.write(empty, new byte[0]);
        assertThat(Hashing.sha256(bin)).isEqualTo(sha256sum(bin));
        assertThat(Hashing.sha256(empty)).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThatThrownBy(() -> Hashing.sha256(tmp.resolve("nope"))).isInstanceOf(BadInputException.class);
    }

    @Test
    void defaultPathAndReopening(@TempDir Path tmp) {
        assertThat(RunDirectory.defaultPath("route").toString()).matches("results/route-\\d{8}-\\d{6}");
        assertThatThrownBy(() -> RunDirectory.open(tmp.resolve("nope"))).isInstanceOf(BadInputException.class);
        RunDirectory run = RunDirectory.create("elicit", tmp.resolve("r"), List.of(), Map.of(), List.of());
        assertThat(RunDirectory.open(tmp.resolve("r")).path()).isEqualTo(run.path());
    }

    @Test
    void trainAndEvalMetricsGoToTheirOwnCsvAndTensorBoardFolders(@TempDir Path tmp) throws IOException {
        RunDirectory run = RunDirectory.create("kd", tmp.resolve("r"), List.of(), Map.of(), List.of());
        try (var train = run.metrics("train"); var eval = run.metrics("eval")) {
            for (int step = 0; step < 5; step++) {
                train.log(step, "loss", 1.0 / (step + 1));
                eval.log(step, "loss", 2.0 / (step + 1));
            }
        }
        assertThat(run.file("train.csv")).exists();
        assertThat(run.file("eval.csv")).exists();
        for (String name : List.of("train", "eval")) {
            List<Path> files;
            try (Stream<Path> s = Files.list(run.file("tensorboard").resolve(name))) {
                files = s.toList();
            }
            assertThat(files).singleElement().satisfies(f -> assertThat(f.getFileName().toString()).startsWith("events.out.tfevents."));
            var events = TfEventReader.read(files.getFirst());
            double scale = name.equals("train") ? 1 : 2;
            assertThat(events.scalars()).extracting(TfEventReader.Scalar::value)
                    .containsExactly((float) scale, (float) (scale / 2), (float) (scale / 3), (float) (scale / 4), (float) (scale / 5));
        }
    }
}
