package dev.retort.score;

import dev.retort.core.BadInputException;

import java.util.Locale;

/** How token entropies of one sequence become one number. */
public enum Reduction {
    /** Plain mean over the sequence's unmasked tokens. */
    MEAN,
    /** The most uncertain token. */
    MAX,
    /** Mean weighted by i/n for the i-th of n unmasked tokens (later tokens count more, as in the seed notebook). */
    WEIGHTED_MEAN;

    public static Reduction parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "mean" -> MEAN;
            case "max" -> MAX;
            case "weighted_mean" -> WEIGHTED_MEAN;
            default -> throw new BadInputException("unknown reduction '" + name + "': use mean, max or weighted_mean");
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
