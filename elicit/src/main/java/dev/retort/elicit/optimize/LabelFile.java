package dev.retort.elicit.optimize;

import dev.retort.core.io.BadRecords;
import dev.retort.core.io.JsonlReader;
import dev.retort.core.io.JsonlWriter;
import dev.retort.elicit.claims.Claim;
import dev.retort.elicit.claims.ClaimSet;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** labels.jsonl: {uid, probability, label, gold?} per claim, in claim order. */
public final class LabelFile {
    private LabelFile() {
    }

    public static void write(Path file, ClaimSet claims, double[] probability, int[] labels) {
        try (JsonlWriter w = JsonlWriter.create(file)) {
            for (int i = 0; i < claims.size(); i++) {
                Claim c = claims.get(i);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("uid", c.uid());
                m.put("probability", probability[i]);
                m.put("label", labels[i] == 1);
                if (c.label() != null) m.put("gold", c.label());
                w.write(m);
            }
            w.commit();
        }
    }

    /** Reads probabilities and labels back in {@code claims}' order; every claim must be present. */
    public static OptimizedLabels read(Path file, ClaimSet claims, BadRecords bad) {
        Map<String, Integer> index = claims.index();
        double[] q = new double[claims.size()];
        int[] y = new int[claims.size()];
        boolean[] seen = new boolean[claims.size()];
        JsonlReader.readAll(file, bad, r -> {
            Integer i = index.get(r.text("uid"));
            if (i == null) throw r.error("uid", "not in the claims file");
            q[i] = r.number("probability");
            if (!(q[i] >= 0 && q[i] <= 1)) throw r.error("probability", "must be in [0, 1]");
            y[i] = r.bool("label") ? 1 : 0;
            seen[i] = true;
            return i;
        });
        for (int i = 0; i < seen.length; i++)
            if (!seen[i]) throw new dev.retort.core.BadInputException(file + ": no label for claim '" + claims.get(i).uid() + "'");
        double[] terms = new double[LossWeights.Term.values().length];
        java.util.Arrays.fill(terms, Double.NaN);
        return new OptimizedLabels(q, y, Double.NaN, terms, java.util.List.of(), 0, 0, OptimizedLabels.Stop.NONE);
    }
}
