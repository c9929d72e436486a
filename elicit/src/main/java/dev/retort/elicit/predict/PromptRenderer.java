package dev.retort.elicit.predict;

import dev.retort.elicit.claims.Claim;
import dev.retort.elicit.claims.ClaimLoader;
import dev.retort.elicit.claims.Framing;

/**
 * Few-shot prompts in the ICM paper's form: each context claim followed by the answer for the label shown,
 * blank line, then the target claim and its answer cue. The positive framing asks "I think this claim is"
 * (True/False); the negative one asks "Is this claim false?" (Yes/No).
 */
public final class PromptRenderer {
    static final String NEGATIVE_CUE = "Is this claim false? Answer: ";

    private PromptRenderer() {
    }

    public static String render(Predictor.Query q) {
        StringBuilder b = new StringBuilder();
        for (Predictor.Shown s : q.context())
            b.append(cued(s.claim(), q.framing())).append(q.framing().word(s.label())).append("\n\n");
        return b.append(cued(q.target(), q.framing())).toString();
    }

    /** The claim's text with the framing's cue in place of the template's "I think this claim is ". */
    static String cued(Claim c, Framing f) {
        String p = c.prompt();
        String body = p.endsWith(ClaimLoader.CUE) ? p.substring(0, p.length() - ClaimLoader.CUE.length())
                : p.endsWith("\n") ? p : p + "\n";
        return body + (f == Framing.POSITIVE ? ClaimLoader.CUE : NEGATIVE_CUE);
    }
}
