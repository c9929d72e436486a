package dev.retort.elicit.claims;

import dev.retort.core.BadInputException;

/**
 * How the question is put. POSITIVE asks "is the claim true" (answer True/False); NEGATIVE asks "is the claim
 * false" (answer Yes/No, Yes meaning the claim is false). Asking both ways cancels a model's acquiescence bias
 * (its lean toward agreeing) when predictions are averaged.
 */
public enum Framing {
    POSITIVE("True", "False"),
    NEGATIVE("No", "Yes");

    private final String wordIfTrue;
    private final String wordIfFalse;

    Framing(String wordIfTrue, String wordIfFalse) {
        this.wordIfTrue = wordIfTrue;
        this.wordIfFalse = wordIfFalse;
    }

    /** The answer word that means "the claim is true" in this framing. */
    public String wordIfTrue() {
        return wordIfTrue;
    }

    public String wordIfFalse() {
        return wordIfFalse;
    }

    public String word(boolean claimTrue) {
        return claimTrue ? wordIfTrue : wordIfFalse;
    }

    /** The form written in tuple logs. */
    public String jsonName() {
        return name().toLowerCase();
    }

    /**
     * The framing as tuple files spell it: positive / negative, pos / neg, or true / false (the question asked
     * "is it true" or "is it false"), in any case.
     */
    public static Framing parse(String s) {
        return switch (s.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "positive", "pos", "true" -> POSITIVE;
            case "negative", "neg", "false" -> NEGATIVE;
            default -> throw new BadInputException("framing '" + s + "': expected positive/negative (or pos/neg, true/false)");
        };
    }
}
