package dev.retort.kd.generate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.core.io.JsonlWriter;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.evaluate.StoredPredictions;
import dev.retort.text.metrics.AstValidity;
import dev.retort.kd.model.AssertionGenerator;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code retort kd generate --data}: a model's answer for every example of an assertion data set, one JSONL record
 * each, in input order. A record holds the example's {@code id}, {@code predicted_assertions} (the checked answer, as
 * {@code kd evaluate}'s predictions files call it: every line parses, or a retrieval model's nearest neighbour when
 * nothing the model wrote does; empty when neither), {@code raw_predicted_assertions} (the model's own text) and
 * {@code from_neighbour}. Each answer depends on its example alone (one source at a time, {@link AssertionGenerator}),
 * so any cut of the examples into blocks written one after another gives the same bytes: what {@code retort spark
 * generate} does.
 */
public final class BatchGeneration {
    private BatchGeneration() {
    }

    /** Examples answered, and how many answers are the neighbour's or empty. */
    public record Result(long examples, long fromNeighbour, long empty) {
        Result plus(Result o) {
            return new Result(examples + o.examples, fromNeighbour + o.fromNeighbour, empty + o.empty);
        }
    }

    /** Reads {@code data} (bad records as {@code bad} says), answers each example with the model in {@code model}, writes {@code out}. */
    public static Result run(Path data, Path model, int beam, BadRecords bad, Path out) {
        checkBeam(beam);
        List<AssertionExample> examples = AssertionDataset.read(data, bad);
        if (examples.isEmpty()) throw new BadInputException(noExamples(data.toString(), bad.skipped()));
        AssertionGenerator generator = AssertionGenerator.load(model);
        try (JsonlWriter writer = JsonlWriter.create(out)) {
            Result r = write(generator, examples, beam, writer);
            writer.commit();
            return r;
        }
    }

    /** One record per example, in order, to an open writer (the caller commits it). */
    public static Result write(AssertionGenerator generator, List<AssertionExample> examples, int beam, JsonlWriter writer) {
        AstValidity syntax = new AstValidity();
        Result total = new Result(0, 0, 0);
        for (AssertionExample e : examples) {
            AssertionGenerator.Answer a = generator.answer(e, beam, syntax);
            writer.write(record(e, a));
            total = total.plus(new Result(1, a.fromNeighbour() ? 1 : 0, a.text().isEmpty() ? 1 : 0));
        }
        return total;
    }

    static ObjectNode record(AssertionExample e, AssertionGenerator.Answer a) {
        ObjectNode o = Json.object();
        o.put("id", e.id());
        o.put(StoredPredictions.FIELD, a.text());
        o.put("raw_predicted_assertions", a.raw());
        o.put("from_neighbour", a.fromNeighbour());
        return o;
    }

    public static void checkBeam(int beam) {
        if (beam < 1) throw new BadInputException("--beam must be at least 1, got " + beam);
    }

    /** The message for an input without a single example (after {@code skipped} bad records). */
    public static String noExamples(String data, long skipped) {
        return data + ": no examples to generate for" + (skipped > 0 ? " (" + skipped + " bad records skipped)" : " (the file is empty)");
    }
}
