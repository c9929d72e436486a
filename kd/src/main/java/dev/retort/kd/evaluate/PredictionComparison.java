package dev.retort.kd.evaluate;

import dev.retort.core.BadInputException;
import dev.retort.core.io.JsonRecord;
import dev.retort.core.io.JsonlReader;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.text.metrics.AssertionLines;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two prediction files of the same test examples ({@code predictions_*.jsonl} of {@code kd evaluate} or
 * {@code kd pipeline}), compared on top-1 exact match with a paired 95 % interval: the same test methods are resampled
 * for both, so an ablation (with and without pretraining, distilled and gold-only) is judged on the same assertions.
 * Examples are joined by id; both files must hold the same ids.
 */
public final class PredictionComparison {
    private PredictionComparison() {
    }

    /** Which answer of each record is scored: the checked one ({@code predicted_assertions}) or the model's own text. */
    public enum Answer {
        CHECKED("predicted_assertions"), RAW("raw_predicted_assertions");

        final String field;

        Answer(String field) {
            this.field = field;
        }
    }

    /**
     * @param onlyA examples that A gets exactly right and B does not; {@code onlyB} the other way round
     */
    public record Result(int examples, long methods, ClusterBootstrap.Interval a, ClusterBootstrap.Interval b,
                         ClusterBootstrap.Interval aMinusB, int onlyA, int onlyB) {
    }

    public static Result compare(Path a, Path b, Answer answer, long seed) {
        Map<String, Scored> left = read(a, answer), right = read(b, answer);
        if (!left.keySet().equals(right.keySet())) {
            String missing = left.keySet().stream().filter(id -> !right.containsKey(id)).findFirst()
                    .map(id -> b + " has no example " + id)
                    .orElseGet(() -> a + " has no example " + right.keySet().stream().filter(id -> !left.containsKey(id)).findFirst().orElseThrow());
            throw new BadInputException(missing + "; compare predictions of the same test examples");
        }
        List<String> ids = List.copyOf(left.keySet());
        double[] x = new double[ids.size()], y = new double[ids.size()];
        int onlyA = 0, onlyB = 0;
        for (int i = 0; i < ids.size(); i++) {
            x[i] = left.get(ids.get(i)).hit();
            y[i] = right.get(ids.get(i)).hit();
            if (x[i] > y[i]) onlyA++;
            if (y[i] > x[i]) onlyB++;
        }
        List<String> clusters = ids.stream().map(id -> left.get(id).methodId()).toList();
        ClusterBootstrap boot = new ClusterBootstrap(clusters, seed, ClusterBootstrap.DEFAULT_RESAMPLES);
        return new Result(ids.size(), clusters.stream().distinct().count(), boot.mean(x), boot.mean(y), boot.pairedDifference(x, y), onlyA, onlyB);
    }

    private record Scored(String methodId, double hit) {
    }

    private static Map<String, Scored> read(Path file, Answer answer) {
        Map<String, Scored> out = new LinkedHashMap<>();
        for (JsonRecord rec : JsonlReader.readAll(file)) {
            AssertionExample e = AssertionDataset.parse(rec);
            if (!rec.has(answer.field)) throw rec.error(answer.field, "missing; is this a predictions_*.jsonl file of kd evaluate?");
            boolean hit = AssertionLines.normalized(rec.text(answer.field)).equals(AssertionLines.normalized(e.target()));
            if (out.put(e.id(), new Scored(e.methodId(), hit ? 1 : 0)) != null) throw rec.error("id", "repeats " + e.id());
        }
        if (out.isEmpty()) throw new BadInputException(file + ": no predictions");
        return out;
    }
}
