package dev.retort.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.score.LogisticModel;

import java.nio.file.Path;
import java.util.List;

/**
 * Scores feature rows with a fitted score model (the model.json {@code score fit} writes), as {@code score apply}
 * does. A row is an object keyed by feature name (other keys ignored) or an array in {@link #features()} order; a
 * missing, non-numeric or non-finite value is a 400 that names the row and the feature. Thread-safe (read-only).
 */
public final class ScoreService {
    private final LogisticModel model;

    private ScoreService(LogisticModel model) {
        this.model = model;
    }

    public static ScoreService load(Path file) {
        return new ScoreService(LogisticModel.load(file));
    }

    public List<String> features() {
        return model.features();
    }

    /** p(label = 1) for each row of the {@code rows} array. */
    double[] score(JsonNode rows) {
        List<String> names = model.features();
        double[][] x = new double[rows.size()][names.size()];
        for (int i = 0; i < x.length; i++) {
            JsonNode row = rows.get(i);
            String at = "rows[" + i + "]";
            if (row.isArray()) {
                if (row.size() != names.size()) throw ApiException.badField(at, "has " + row.size() + " values, the model takes " + names.size() + " " + names);
                for (int j = 0; j < names.size(); j++) x[i][j] = number(row.get(j), at + "[" + j + "]");
            } else if (row.isObject()) {
                for (int j = 0; j < names.size(); j++) x[i][j] = number(row.get(names.get(j)), at + "." + names.get(j));
            } else {
                throw ApiException.badField(at, "must be an object keyed by feature name or an array, got " + JsonBody.kind(row));
            }
        }
        return model.predict(x);
    }

    private static double number(JsonNode v, String field) {
        if (v == null || v.isNull()) throw ApiException.badField(field, "missing");
        if (!v.isNumber()) throw ApiException.badField(field, "must be a number, got " + JsonBody.kind(v));
        double d = v.doubleValue();
        if (!Double.isFinite(d)) throw ApiException.badField(field, "must be finite, got " + v.asText());
        return d;
    }
}
