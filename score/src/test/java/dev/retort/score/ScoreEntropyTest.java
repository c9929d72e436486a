package dev.retort.score;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.io.NdArray;
import dev.retort.core.io.Npy;
import dev.retort.core.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The {@code score entropy} service on a tiny logits file: the numbers it returns and every file it writes. */
class ScoreEntropyTest {
    /**
     * Two sequences of three tokens over a vocabulary of 4: sequence 0 is uniform (H = log 4), sequence 1 is certain
     * on its first two tokens and uniform on its third, which the mask hides.
     */
    static Path[] inputs(Path dir) {
        float[] logits = new float[2 * 3 * 4];
        for (int t = 0; t < 2; t++) logits[(3 + t) * 4] = 100;
        Path z = dir.resolve("logits.npy"), m = dir.resolve("mask.npy");
        Npy.write(z, NdArray.ofFloats(logits, 2, 3, 4));
        Npy.write(m, NdArray.ofFloats(new float[]{1, 1, 1, 1, 1, 0}, 2, 3));
        return new Path[]{z, m};
    }

    static RunDirectory run(ScoreEntropy.Options o, Path dir) {
        return RunDirectory.create("score-entropy", dir.resolve("run"), List.of("score", "entropy"), o.config(), o.inputs());
    }

    @Test
    void writesOneCsvRowPerSequenceTheTokenEntropiesAndAReport(@TempDir Path dir) throws IOException {
        Engine.get();
        Path[] in = inputs(dir);
        var o = new ScoreEntropy.Options(in[0], in[1], 1.0, Reduction.MEAN);
        assertThat(o.inputs()).containsExactly(in[0], in[1]);
        assertThat(o.config()).containsExactly(Map.entry("temperature", 1.0), Map.entry("reduction", "mean"));
        RunDirectory run = run(o, dir);
        Entropy.Result r = ScoreEntropy.run(o, run, "retort score entropy --logits logits.npy");

        assertThat(r.sequence()).containsExactly(new double[]{Math.log(4), 0}, within(1e-6));
        List<String> csv = Files.readAllLines(run.file("entropy.csv"));
        assertThat(csv).hasSize(3);
        assertThat(csv.getFirst()).isEqualTo("sequence,entropy_nats,entropy_normalized,confidence");
        for (int b = 0; b < 2; b++) {
            String[] row = csv.get(b + 1).split(",");
            assertThat(row[0]).isEqualTo(Integer.toString(b));
            assertThat(Double.parseDouble(row[1])).isEqualTo(r.sequence()[b]);
            assertThat(Double.parseDouble(row[2])).isEqualTo(r.normalizedSequence()[b]);
            assertThat(Double.parseDouble(row[3])).isEqualTo(r.confidence()[b]);
        }
        assertThat(Double.parseDouble(csv.get(1).split(",")[2])).isCloseTo(1, within(1e-6));   // uniform: normalized entropy 1
        NdArray tokens = Npy.read(run.file("token_entropy.npy"));
        assertThat(tokens.shape()).containsExactly(2, 3);
        assertThat(tokens).isEqualTo(r.tokens());
        assertThat(run.file("entropy_quantiles.png")).isNotEmptyFile();
        assertThat(Files.readString(run.file("report.html")))
                .contains("retort score entropy", "[2, 3, 4]", "Sorted per-sequence normalized entropy", "retort score entropy --logits logits.npy");
    }

    @Test
    void aBadTemperatureIsAnInputErrorAndAMissingMaskMeansEveryToken(@TempDir Path dir) {
        Engine.get();
        Path[] in = inputs(dir);
        var bad = new ScoreEntropy.Options(in[0], null, 0, Reduction.MEAN);
        assertThatThrownBy(() -> ScoreEntropy.run(bad, run(bad, dir), ""))
                .isInstanceOf(BadInputException.class).hasMessage("--temperature must be a finite number above 0, got 0.0");
        var unmasked = new ScoreEntropy.Options(in[0], null, 1.0, Reduction.MAX);
        assertThat(unmasked.inputs()).containsExactly(in[0]);
        Entropy.Result r = ScoreEntropy.run(unmasked, run(unmasked, dir.resolve("b")), "");
        assertThat(r.sequence()).containsExactly(new double[]{Math.log(4), Math.log(4)}, within(1e-6));   // the unmasked uniform third token
    }
}
