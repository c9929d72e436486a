package dev.retort.kd.loss;

import dev.retort.core.RetortException;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weighted sum Σ w_i · term_i of the active components. Weights come per call (they follow a schedule).
 * A component whose value or objective is not finite stops the run with its name.
 */
public final class DistillationLoss {
    private final List<LossComponent> components;

    public DistillationLoss(List<LossComponent> components) {
        if (components.isEmpty()) throw new IllegalArgumentException("no loss components");
        this.components = List.copyOf(components);
    }

    /** @param total the objective to back-propagate; raw and weighted per-component values for logs */
    public record Result(Tensor total, Map<String, Double> raw, Map<String, Double> weighted) {
        public double totalValue() {
            return weighted.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    public List<LossComponent> components() {
        return components;
    }

    public boolean needsSamples() {
        return components.stream().anyMatch(LossComponent::needsSamples);
    }

    public boolean needsTeacher() {
        return components.stream().anyMatch(LossComponent::needsTeacher);
    }

    public Result compute(LossBatch batch, Map<String, Double> weights) {
        Tensor total = null;
        Map<String, Double> raw = new LinkedHashMap<>();
        Map<String, Double> weighted = new LinkedHashMap<>();
        for (LossComponent c : components) {
            Double w = weights.get(c.name());
            if (w == null) throw new IllegalArgumentException("no weight for loss component " + c.name());
            LossTerm term = c.compute(batch);
            double objective = term.objective().item_double();
            if (!Double.isFinite(term.value()) || !Double.isFinite(objective)) {
                throw new NonFiniteLossException(c.name(), term.value());
            }
            raw.put(c.name(), term.value());
            weighted.put(c.name(), w * term.value());
            Tensor part = term.objective().mul(new Scalar(w));
            total = total == null ? part : total.add(part);
        }
        return new Result(total, raw, weighted);
    }

    /** A loss component produced NaN or ±∞; the trainer adds the step and batch to the message. */
    public static final class NonFiniteLossException extends RetortException {
        private final String component;

        NonFiniteLossException(String component, double value) {
            super("loss component '" + component + "' is not finite (" + value + ")");
            this.component = component;
        }

        public String component() {
            return component;
        }
    }
}
