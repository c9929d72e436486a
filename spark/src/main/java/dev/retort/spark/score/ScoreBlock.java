package dev.retort.spark.score;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.io.Json;
import dev.retort.score.LogisticModel;
import dev.retort.spark.PartStore;
import scala.Tuple2;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * One partition of score-apply: the kept rows with ordinals {@code [block·rows, (block+1)·rows)} scored with
 * {@link LogisticModel#predict(double[][])} (the single command's arithmetic), stored as the part
 * {@code scores-NNNNN.jsonl}: one {@code {"id", "score", "label"}} line per row, in row order.
 */
final class ScoreBlock {
    private ScoreBlock() {
    }

    /** A finished block: rows scored, or reused from an earlier run (rows −1). */
    record Done(int block, int rows, boolean reused) implements Serializable {
    }

    static String name(int block) {
        return String.format(Locale.ROOT, "scores-%05d.jsonl", block);
    }

    static Iterator<Done> scoreUnlessDone(PartStore parts, int block, Iterator<Tuple2<Long, FeatureRows.Row>> rows, String modelJson) {
        if (parts.has(name(block))) return List.of(new Done(block, -1, true)).iterator();
        List<Tuple2<Long, FeatureRows.Row>> sorted = new ArrayList<>();
        rows.forEachRemaining(sorted::add);
        sorted.sort(Comparator.comparing(Tuple2::_1));
        double[][] x = sorted.stream().map(t -> t._2().x()).toArray(double[][]::new);
        double[] p = SparkScoreApply.model(modelJson, "model").predict(x);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < p.length; i++) {
            FeatureRows.Row r = sorted.get(i)._2();
            ObjectNode o = Json.object().put("id", r.id()).put("score", p[i]);
            if (!Double.isNaN(r.label())) o.put("label", r.label());
            out.append(Json.toJson(o)).append('\n');
        }
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        parts.commit(name(block), o -> o.write(bytes));
        return List.of(new Done(block, p.length, false)).iterator();
    }
}
