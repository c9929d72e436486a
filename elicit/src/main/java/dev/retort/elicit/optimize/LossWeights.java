package dev.retort.elicit.optimize;

import dev.retort.core.BadInputException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The weight of each loss term; 0 switches a term off. */
public record LossWeights(double prior, double mutual, double ranking, double consistency, double entropy) {

    /** Defaults chosen on the synthetic benchmark (seed 1); see docs/elicit.md. */
    public static final LossWeights DEFAULT = new LossWeights(1.0, 2.0, 0.0, 2.0, 0.0);

    public LossWeights {
        for (double w : new double[]{prior, mutual, ranking, consistency, entropy})
            if (!(w >= 0) || !Double.isFinite(w)) throw new BadInputException("loss weights must be finite and ≥ 0, got " + w);
    }

    public double get(Term t) {
        return switch (t) {
            case PRIOR -> prior;
            case MUTUAL -> mutual;
            case RANKING -> ranking;
            case CONSISTENCY -> consistency;
            case ENTROPY -> entropy;
        };
    }

    public LossWeights with(Term t, double w) {
        return new LossWeights(t == Term.PRIOR ? w : prior, t == Term.MUTUAL ? w : mutual, t == Term.RANKING ? w : ranking,
                t == Term.CONSISTENCY ? w : consistency, t == Term.ENTROPY ? w : entropy);
    }

    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Term t : Term.values()) m.put(t.key(), get(t));
        return m;
    }

    /** "prior=1,mutual=2,consistency=2": unnamed terms keep {@code base}'s weight. */
    public static LossWeights parse(String spec, LossWeights base) {
        LossWeights w = base;
        if (spec == null || spec.isBlank()) return w;
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=");
            if (kv.length != 2) throw new BadInputException("--weights: '" + part + "' is not term=value (terms: prior, mutual, ranking, consistency, entropy)");
            try {
                w = w.with(Term.parse(kv[0]), Double.parseDouble(kv[1].trim()));
            } catch (NumberFormatException e) {
                throw new BadInputException("--weights: '" + kv[1] + "' is not a number");
            }
        }
        return w;
    }

    /** The loss terms. */
    public enum Term {
        PRIOR, MUTUAL, RANKING, CONSISTENCY, ENTROPY;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Term parse(String s) {
            for (Term t : values()) if (t.key().equals(s.trim().toLowerCase(Locale.ROOT))) return t;
            throw new BadInputException("unknown loss term '" + s + "'; terms: prior, mutual, ranking, consistency, entropy");
        }
    }
}
