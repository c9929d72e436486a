package dev.retort.elicit.claims;

import java.util.Objects;

/**
 * One statement whose truth is elicited.
 *
 * @param uid            stable id, unique within a claim set
 * @param prompt         the text the model sees, ending with the answer cue (e.g. "I think this claim is ")
 * @param label          gold label when known (evaluation only; never used to build constraints); null if unknown
 * @param consistencyId  group of claims that constrain each other (same question, same comparison); null if none
 * @param consistencyKey within a group: same key ⇒ same label, different keys ⇒ not both true; null if none
 */
public record Claim(String uid, String prompt, Boolean label, String consistencyId, String consistencyKey) {
    public Claim {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(prompt, "prompt");
    }

    public boolean hasLabel() {
        return label != null;
    }
}
