package dev.retort.cli.kd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.cli.EngineOptions;
import dev.retort.cli.InputOptions;
import dev.retort.core.BadInputException;
import dev.retort.core.RetortException;
import dev.retort.core.io.Json;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.generate.BatchGeneration;
import dev.retort.kd.model.AssertionGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(mixinStandardHelpOptions = true, name = "generate",
        description = {"Print the assertions a trained model writes for one test method and its focal method.",
                "Give them as files (--test-file, --focal-file) or as one JSON object on stdin with the fields",
                "test_method_masked and focal_method. Put // <ASSERTION_PLACEHOLDER> where assertions belong.",
                "Batch mode (--data FILE --out FILE): answer every example of an assertion JSONL and write one record each, in",
                "input order: id, predicted_assertions (the checked answer), raw_predicted_assertions (the model's own text) and",
                "from_neighbour (true when the answer is the nearest training example's). 'retort spark generate' writes the same file."},
        footer = {"", "Examples:",
                "  retort kd generate --model results/teacher/best --test-file T.java --focal-file F.java",
                "  echo '{\"test_method_masked\": \"…\", \"focal_method\": \"…\"}' | retort kd generate --model results/teacher/best --beam 4",
                "  retort kd generate --model results/teacher/best --data data/kd/test.jsonl --out generated.jsonl --skip-bad-records"})
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;
    @Mixin
    EngineOptions engine;
    @Mixin
    InputOptions input;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory (train-teacher's best/ or a distilled student).")
    Path model;
    @Option(names = "--test-file", paramLabel = "FILE", description = "The masked test method.")
    Path testFile;
    @Option(names = "--focal-file", paramLabel = "FILE", description = "The method under test.")
    Path focalFile;
    @Option(names = "--data", paramLabel = "FILE", description = "Batch mode: the examples (assertion JSONL) to answer; needs --out.")
    Path data;
    @Option(names = "--out", paramLabel = "FILE", description = "Batch mode: the JSONL file to write, one record per example of --data.")
    Path out;
    @Option(names = "--beam", defaultValue = "5", paramLabel = "N",
            description = "Beam size: the answer is the beam's best hypothesis by the model's own length-normalized score; 1 is greedy "
                    + "(default: ${DEFAULT-VALUE}, as kd evaluate's --decode beam).")
    int beam;

    @Override
    public Integer call() throws IOException {
        engine.start();
        if (data != null || out != null) return batch();
        if (input.skipping()) throw new BadInputException("--skip-bad-records applies to batch mode (--data and --out); one example has no records to skip");
        String test, focal;
        if (testFile != null || focalFile != null) {
            if (testFile == null || focalFile == null) throw new BadInputException("give both --test-file and --focal-file, or neither and JSON on stdin");
            test = read(testFile);
            focal = read(focalFile);
        } else {
            String stdin = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(stdin);
            } catch (IOException e) {
                throw new BadInputException("stdin: not a JSON object: " + e.getMessage().lines().findFirst().orElse(""));
            }
            if (node == null || !node.isObject()) throw new BadInputException("stdin: expected one JSON object with test_method_masked and focal_method");
            test = field(node, "test_method_masked");
            focal = field(node, "focal_method");
        }
        if (!test.contains(AssertionExample.PLACEHOLDER)) {
            spec.commandLine().getErr().println("warning: the test has no " + AssertionExample.PLACEHOLDER
                    + " line; the model writes the assertion that would follow the whole method");
        }
        AssertionGenerator.Answer answer = AssertionGenerator.load(model).answer(test, focal, beam);
        if (answer.text().isBlank()) {
            throw new RetortException("the model wrote no assertion that parses (its raw text: \"" + answer.raw()
                    + "\") and the model has no retrieval memory to fall back on");
        }
        if (answer.fromNeighbour()) {
            spec.commandLine().getErr().println("note: the model's own text did not parse (\"" + answer.raw()
                    + "\"); printed instead: the assertion of the nearest training example (BM25)");
        }
        spec.commandLine().getOut().println(answer.text());
        return 0;
    }

    private int batch() {
        if (data == null || out == null) throw new BadInputException("batch mode needs both --data and --out");
        if (testFile != null || focalFile != null) throw new BadInputException("--data takes no --test-file or --focal-file");
        var bad = input.badRecords();
        BatchGeneration.Result r = BatchGeneration.run(data, model, beam, bad, out);
        var w = spec.commandLine().getOut();
        w.printf("wrote %d answers to %s (%d from the nearest neighbour, %d empty)%n", r.examples(), out, r.fromNeighbour(), r.empty());
        if (bad.skipped() > 0) w.printf("skipped %d bad records; first: %s%n", bad.skipped(), bad.examples().getFirst());
        return 0;
    }

    private static String field(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || !v.isTextual()) throw new BadInputException("stdin: field " + name + " is missing or not a string");
        return v.asText();
    }

    private static String read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new BadInputException(file + ": no such file");
        return Files.readString(file);
    }
}
