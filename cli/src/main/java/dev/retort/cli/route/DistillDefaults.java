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
        return Map.ofEntries(Map.entry("--heads", d.heads()), Map.entry("--layers", d.layers()), Map.entry("--head-dim", d.headDim()),
                Map.entry("--width", d.fixedWidth()),
                Map.entry("--importance", d.importance().name().toLowerCase(Locale.ROOT)), Map.entry("--top-k", d.topK()), Map.entry("--epochs", d.epochs()),
                Map.entry("--patience", d.patience()), Map.entry("--lr", d.learningRate()), Map.entry("--augment", d.augment()),
                Map.entry("--mse-weight", d.mseWeight()), Map.entry("--cos-weight", d.cosWeight()));
    }
}
