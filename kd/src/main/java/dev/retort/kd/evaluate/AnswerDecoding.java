package dev.retort.kd.evaluate;

import dev.retort.core.BadInputException;

import java.util.Locale;

/**
 * How a model's top-1 answer is decoded in an evaluation. The top-k list always comes from a beam of width k; with
 * {@link Beam} the top-1 answer is that beam's best hypothesis (by length-normalized log-probability), so the list and
 * the answer agree and one search gives both.
 */
public sealed interface AnswerDecoding {
    /** One token at a time, the most likely each step. */
    record Greedy() implements AnswerDecoding {
    }

    /** The best hypothesis of the top-k beam (a beam of width 1, when top-k is 1, is greedy). */
    record Beam() implements AnswerDecoding {
    }

    /** Ancestral sampling from softmax(log p / T), seeded by the run's seed. */
    record Sampled(double temperature) implements AnswerDecoding {
        public Sampled {
            if (!(temperature > 0)) throw new BadInputException("a sampling temperature must be positive, got " + temperature);
        }
    }

    AnswerDecoding GREEDY = new Greedy();
    AnswerDecoding BEAM = new Beam();

    /** From the CLI: {@code greedy} or {@code beam}, or sampled when the temperature is above 0 (then with greedy only). */
    static AnswerDecoding of(String name, double temperature) {
        if (!(temperature >= 0)) throw new BadInputException("--temperature must be 0 (no sampling) or positive, got " + temperature);
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "greedy" -> temperature > 0 ? new Sampled(temperature) : GREEDY;
            case "beam" -> {
                if (temperature > 0) throw new BadInputException("--decode beam takes no --temperature (got " + temperature + "); use --decode greedy to sample");
                yield BEAM;
            }
            default -> throw new BadInputException("--decode must be greedy or beam, got '" + name + "'");
        };
    }

    /** The {@code --decode} value that selects this decoding ({@code greedy} for sampling, with its temperature). */
    default String cliName() {
        return this instanceof Beam ? "beam" : "greedy";
    }

    /** The beam width whose latency a user of this decoding waits for: k for {@link Beam}, else 1. */
    default int latencyBeam(int topK) {
        return this instanceof Beam ? topK : 1;
    }

    /** The name reports and JSON give it, e.g. {@code beam 5}. */
    default String describe(int topK) {
        return switch (this) {
            case Greedy g -> "greedy";
            case Beam b -> topK == 1 ? "greedy (beam 1)" : "beam " + topK;
            case Sampled s -> String.format(Locale.ROOT, "sampled at T=%.3g", s.temperature());
        };
    }
}
