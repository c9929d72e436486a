package dev.retort.text.metrics;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PansTest {

    @Property(tries = 200)
    void identicalSequencesScoreOneAndAnyPairIsInUnitInterval(
            @ForAll @Size(max = 12) List<@IntRange(max = 4) Integer> a,
            @ForAll @Size(max = 12) List<@IntRange(max = 4) Integer> b) {
        List<String> x = a.stream().map(String::valueOf).toList();
        List<String> y = b.stream().map(String::valueOf).toList();
        assertThat(Pans.score(x, x)).isEqualTo(1.0);
        assertThat(Pans.score(x, y)).isBetween(0.0, 1.0);
        if (!x.equals(y)) assertThat(Pans.score(x, y)).isLessThan(1.0);
    }

    @Test
    void handComputedValue() {
        // ref = a b, pred = b a. n=1: pred "b"@u=0 matches ref "b"@v=1 → credit 0; "a"@1 vs "a"@0 → 0. S1 = 0/2.
        // n=2: "b a" is not in ref → S2 = 0. PANS = 0.
        assertThat(Pans.score(List.of("a", "b"), List.of("b", "a"))).isZero();
        // ref = a b c, pred = a b. n=1: a@0 vs a@0 → 1; b@1 (u = 1/1) vs b@1 (v = 1/2) → 0.5; S1 = 1.5/3 = 0.5.
        // n=2: "a b"@0 (u=0) vs "a b"@0 (v=0) → 1; S2 = 1/max(1,2) = 0.5. n=3: ref has one, pred none → 0.
        // PANS = (0.5 + 0.5 + 0) / 3.
        assertThat(Pans.score(List.of("a", "b", "c"), List.of("a", "b"))).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void rewardsPositionBeyondBleu() {
        var ref = List.of("x", "y", "z", "w", "q", "r");
        assertThat(Pans.score(ref, List.of("x", "k", "k", "k", "k", "k")))
                .isGreaterThan(Pans.score(ref, List.of("k", "k", "k", "k", "k", "x")));
    }
}
