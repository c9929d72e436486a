package dev.retort.cli.route;

import dev.retort.cli.RecordDefaults;
import dev.retort.route.Student;

import java.util.Locale;
import java.util.Map;

/** route distill's option defaults, read from {@link Student.Settings#defaults}. */
public final class DistillDefaults extends RecordDefaults {
    /** The shape trained when neither --heads/--layers nor --shapes is given. */
    static final int HEADS = 2, LAYERS = 2;

    @Override
    protected Map<String, Object> values() {
        Student.Settings d = Student.Settings.defaults(HEADS, LAYERS);
        return Map.ofEntries(Map.entry("--heads", d.shape().heads()), Map.entry("--layers", d.shape().layers()), Map.entry("--head-dim", d.shape().headDim()),
                Map.entry("--width", d.shape().fixedWidth()),
                Map.entry("--importance", d.loss().importance().name().toLowerCase(Locale.ROOT)), Map.entry("--top-k", d.shape().topK()), Map.entry("--epochs", d.training().epochs()),
                Map.entry("--patience", d.training().patience()), Map.entry("--lr", d.training().learningRate()), Map.entry("--augment", d.loss().augment()),
                Map.entry("--mse-weight", d.loss().mseWeight()), Map.entry("--cos-weight", d.loss().cosWeight()));
    }
}
