package dev.retort.score;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.BadInputException;
import dev.retort.core.io.Json;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A fitted quality score ŷ = σ(wᵀ((x − mean) / std) + b) with the feature schema it expects, saved as JSON.
 * Weights are on the standardized scale, so their sizes compare across features.
 */
public record LogisticModel(List<String> features, double[] mean, double[] std, double[] weights, double bias,
                            double l2, String labelField) {
    public static final String FORMAT = "retort-score-logistic/1";

    public LogisticModel {
        int d = features.size();
        if (mean.length != d || std.length != d || weights.length != d) {
            throw new BadInputException("logistic model: " + d + " features but " + mean.length + " means, " + std.length
                    + " stds and " + weights.length + " weights");
        }
    }

    /** p(label = 1) per row; rows are in {@link #features()} order. */
    public double[] predict(double[][] rows) {
        double[] p = new double[rows.length];
        for (int i = 0; i < rows.length; i++) p[i] = sigmoid(logit(rows[i]));
        return p;
    }

    double logit(double[] x) {
        double z = bias;
        for (int j = 0; j < x.length; j++) z += weights[j] * (x[j] - mean[j]) / std[j];
        return z;
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /** Predicts for a table, matching its columns to the schema by name. */
    public double[] predict(FeatureTable table) {
        int[] col = new int[features.size()];
        for (int j = 0; j < col.length; j++) {
            col[j] = table.names().indexOf(features.get(j));
            if (col[j] < 0) throw new BadInputException("the model needs feature '" + features.get(j) + "' but the table has " + table.names());
        }
        double[][] x = new double[table.size()][col.length];
        for (int i = 0; i < x.length; i++) for (int j = 0; j < col.length; j++) x[i][j] = table.rows()[i][col[j]];
        return predict(x);
    }

    public void save(Path file) {
        var node = Json.object();
        node.put("format", FORMAT);
        node.set("model", Json.MAPPER.valueToTree(this));
        Json.write(file, node);
    }

    public static LogisticModel load(Path file) {
        JsonNode root = Json.readTree(file);
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new BadInputException(file + ": not a retort score model (format should be " + FORMAT + "); make one with retort score fit");
        }
        try {
            return Json.MAPPER.treeToValue(root.get("model"), LogisticModel.class);
        } catch (Exception e) {
            throw new BadInputException(file + ": malformed model: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "LogisticModel" + features + " w=" + Arrays.toString(weights) + " b=" + bias;
    }
}
