package dev.retort.kd.pretrain;

import dev.retort.kd.model.ExampleEncoder;
import dev.retort.text.tokenize.Tokenizer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SpanCorruptionTest {
    static final Tokenizer TOKENIZER = Tokenizer.train(List.of("public int add(int a, int b) { return a + b; }"), 400, 64);

    /** Puts each target span back at its sentinel in the source: the inverse of corruption. */
    static int[] restore(int[] source, int[] target, Tokenizer tokenizer) {
        Map<Integer, List<Integer>> spans = new HashMap<>();
        List<Integer> current = null;
        for (int id : target) {
            if (tokenizer.isSpecial(id)) spans.put(id, current = new ArrayList<>());
            else current.add(id);
        }
        List<Integer> out = new ArrayList<>();
        for (int id : source) {
            if (tokenizer.isSpecial(id)) out.addAll(spans.get(id));
            else out.add(id);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Property(tries = 300)
    void uncorruptingTheTargetIntoTheSourceRestoresTheInputExactly(@ForAll @Size(min = 2, max = 300) List<@IntRange(min = 5, max = 260) Integer> tokens,
                                                                  @ForAll long seed, @ForAll @IntRange(min = 0, max = 1000) int index,
                                                                  @ForAll @IntRange(min = 0, max = 5) int epoch) {
        int[] ids = tokens.stream().mapToInt(Integer::intValue).toArray();
        ExampleEncoder.Encoded c = SpanCorruption.T5.corrupt(ids, TOKENIZER, seed, index, epoch);
        assertThat(restore(c.source(), c.target(), TOKENIZER)).containsExactly(ids);
        assertThat(c.target().length).isEqualTo(SpanCorruption.T5.targetLength(ids.length, TOKENIZER.sentinelCount()));
        assertThat(c.source()[0]).as("the first token is never noise").isEqualTo(ids[0]);
        assertThat(c.target()[0]).isEqualTo(TOKENIZER.sentinel(0));
    }

    @Test
    void corruptsAboutFifteenPercentInSpansOfMeanLengthThree() {
        int[] ids = new int[200];
        for (int i = 0; i < ids.length; i++) ids[i] = 5 + i % 250;
        long noise = 0, spans = 0;
        for (int index = 0; index < 100; index++) {
            ExampleEncoder.Encoded c = SpanCorruption.T5.corrupt(ids, TOKENIZER, 7, index, 0);
            long sentinels = java.util.Arrays.stream(c.target()).filter(TOKENIZER::isSpecial).count();
            spans += sentinels;
            noise += c.target().length - sentinels;
        }
        assertThat(noise / (100.0 * ids.length)).isEqualTo(0.15);
        assertThat((double) noise / spans).isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void isAPureFunctionOfSeedIndexAndEpoch() {
        int[] ids = new int[120];
        for (int i = 0; i < ids.length; i++) ids[i] = 5 + (i * 7) % 300;
        var a = SpanCorruption.T5.corrupt(ids, TOKENIZER, 1, 3, 2);
        var again = SpanCorruption.T5.corrupt(ids, TOKENIZER, 1, 3, 2);
        assertThat(again.source()).isEqualTo(a.source());
        assertThat(again.target()).isEqualTo(a.target());
        assertThat(SpanCorruption.T5.corrupt(ids, TOKENIZER, 1, 3, 3).source()).as("another epoch").isNotEqualTo(a.source());
        assertThat(SpanCorruption.T5.corrupt(ids, TOKENIZER, 2, 3, 2).source()).as("another seed").isNotEqualTo(a.source());
    }

    @Test
    void longestInputKeepsTheTargetWithinTheOutputLength() {
        int length = SpanCorruption.T5.longestInput(256, 64, 64);
        assertThat(SpanCorruption.T5.targetLength(length, 64)).isLessThanOrEqualTo(64);
        assertThat(length).isEqualTo(256);
        int tight = SpanCorruption.T5.longestInput(256, 20, 64);
        assertThat(SpanCorruption.T5.targetLength(tight, 64)).isLessThanOrEqualTo(20);
        assertThat(SpanCorruption.T5.targetLength(tight + 1, 64)).isGreaterThan(20);
    }
}
