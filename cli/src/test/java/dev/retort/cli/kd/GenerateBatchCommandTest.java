package dev.retort.cli.kd;

import dev.retort.core.Engine;
import dev.retort.core.io.Json;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.model.ExampleEncoder;
import dev.retort.kd.model.Seq2SeqModel;
import dev.retort.text.tokenize.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code kd generate --data --out} through the command line, on an untrained tiny model (no retrieval memory). */
class GenerateBatchCommandTest {
    @Test
    void writesOneRecordPerExampleAndRefusesBadOrEmptyInputWithExitTwo(@TempDir Path dir) throws Exception {
        Engine.get();
        List<AssertionExample> examples = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            examples.add(new AssertionExample("ex" + i, "public int f" + i + "(int a) {\n    return a + " + i + ";\n}",
                    "@Test\npublic void t" + i + "() {\n    int r = f" + i + "(2);\n    " + AssertionExample.PLACEHOLDER + "\n}",
                    List.of("assertEquals(" + (2 + i) + ", r);"), null, null, null, null));
        }
        Tokenizer tokenizer = Tokenizer.train(examples.stream().map(e -> e.input("\n") + "\n" + e.target()).toList(), 300);
        Path tok = dir.resolve("tokenizer.json");
        tokenizer.save(tok);
        ExampleEncoder encoder = new ExampleEncoder(tokenizer, 48, 12);
        encoder.saveModel(Seq2SeqModel.create(encoder.config("tiny")), tok, dir.resolve("model"), dir);
        Path data = dir.resolve("data.jsonl"), out = dir.resolve("out.jsonl");
        AssertionDataset.write(data, examples);

        var ok = retort("kd", "generate", "--model", dir.resolve("model").toString(), "--data", data.toString(), "--out", out.toString(), "--beam", "2");

        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("wrote 4 answers to " + out);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(4);
        for (int i = 0; i < 4; i++) {
            var rec = Json.MAPPER.readTree(lines.get(i));
            assertThat(rec.get("id").asText()).isEqualTo("ex" + i);
            assertThat(rec.has("predicted_assertions")).isTrue();
            assertThat(rec.has("raw_predicted_assertions")).isTrue();
            assertThat(rec.get("from_neighbour").asBoolean()).as("no memory, no neighbour").isFalse();
        }

        Files.writeString(data, Files.readString(data) + "{\"id\": \"bad\"}\n");
        var bad = retort("kd", "generate", "--model", dir.resolve("model").toString(), "--data", data.toString(), "--out", dir.resolve("b.jsonl").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains(data + ":5");
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "");
        var none = retort("kd", "generate", "--model", dir.resolve("model").toString(), "--data", empty.toString(), "--out", dir.resolve("e.jsonl").toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("no examples to generate for");
        assertThat(retort("kd", "generate", "--model", dir.resolve("model").toString(), "--data", data.toString()).exit()).isEqualTo(2);
        var single = retort("kd", "generate", "--model", dir.resolve("model").toString(), "--skip-bad-records");
        assertThat(single.exit()).as("one example has no records to skip").isEqualTo(2);
        assertThat(single.err()).contains("--skip-bad-records applies to batch mode");
    }

    record Run(int exit, String out, String err) {
    }

    private static Run retort(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = dev.retort.cli.Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }
}
