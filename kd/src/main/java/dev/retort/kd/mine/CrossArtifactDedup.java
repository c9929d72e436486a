package dev.retort.kd.mine;

import dev.retort.kd.data.AssertionExample;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drops examples already mined from an earlier artifact: two examples are the same when their masked test method,
 * focal method and assertions are equal (commons-text carries copies of commons-lang3 tests). The first artifact in
 * mining order keeps its copy; copies inside one artifact are all kept ({@link Split} gathers them into one split).
 */
final class CrossArtifactDedup {
    private final Map<String, String> firstArtifact = new HashMap<>();
    private long dropped;

    /** The examples of {@code artifact} that no earlier artifact had, in their order; remembers them for later artifacts. */
    List<AssertionExample> keepNew(String artifact, List<AssertionExample> examples) {
        List<AssertionExample> kept = new ArrayList<>();
        for (AssertionExample e : examples) {
            String owner = firstArtifact.putIfAbsent(key(e), artifact);
            if (owner == null || owner.equals(artifact)) kept.add(e);
            else dropped++;
        }
        return kept;
    }

    /** Examples dropped so far, over all artifacts. */
    long dropped() {
        return dropped;
    }

    static String key(AssertionExample e) {
        return e.testMethodMasked() + "\u0000" + e.focalMethod() + "\u0000" + e.target();
    }
}
