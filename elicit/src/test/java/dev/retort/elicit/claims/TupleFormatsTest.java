package dev.retort.elicit.claims;

import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** Tuple files written by other tools load as they are; a file with nothing usable is an error, not an empty problem. */
class TupleFormatsTest {

    private static List<PredictionTuple> read(Path dir, String... lines) throws Exception {
        Path f = dir.resolve("t.jsonl");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return TupleLog.read(f, BadRecords.failFast());
    }

    @Test
    void framingSpelledPosNegOrTrueFalseInAnyCase(@TempDir Path dir) throws Exception {
        String base = "{\"target_uid\":\"a\",\"context\":[],\"logp_true\":-1,\"logp_false\":-1,\"framing\":";
        List<PredictionTuple> ts = read(dir, base + "\"pos\"}", base + "\"neg\"}", base + "\"positive\"}", base + "\"NEGATIVE\"}",
                base + "\"true\"}", base + "\"false\"}", base + "true}", base + "false}");
        assertThat(ts).extracting(PredictionTuple::framing).containsExactly(Framing.POSITIVE, Framing.NEGATIVE, Framing.POSITIVE,
                Framing.NEGATIVE, Framing.POSITIVE, Framing.NEGATIVE, Framing.POSITIVE, Framing.NEGATIVE);
        assertThatThrownBy(() -> read(dir, base + "\"sideways\"}")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("framing").hasMessageContaining("pos/neg");
    }

    @Test
    void notebookTuplesKeepTheirUidsAndLogOdds(@TempDir Path dir) throws Exception {
        List<PredictionTuple> ts = read(dir,
                "{\"context_uids\": [43, 100, 135], \"uid\": 1344, \"llm_pred_diff\": -4.999999865889549}",
                "{\"context_uids\": [\"a\"], \"uid\": \"b\", \"llm_pred_diff\": 2.0}");
        PredictionTuple t = ts.getFirst();
        assertThat(t.targetUid()).isEqualTo("1344");
        assertThat(t.context()).extracting(PredictionTuple.Shown::uid).containsExactly("43", "100", "135");
        assertThat(t.context()).noneMatch(PredictionTuple.Shown::labelKnown);
        assertThat(t.logOdds()).isCloseTo(-4.999999865889549, offset(1e-12));
        assertThat(Math.exp(t.logpTrue()) + Math.exp(t.logpFalse())).isCloseTo(1.0, offset(1e-12));
        assertThat(ts.get(1).logOdds()).isCloseTo(2.0, offset(1e-12));
        // written back in this project's shape, the unknown labels stay unknown
        Path out = dir.resolve("out.jsonl");
        try (TupleLog log = TupleLog.append(out)) {
            log.write(t);
        }
        assertThat(Files.readString(out)).contains("{\"uid\":\"43\",\"label_shown\":null}");
        assertThat(TupleLog.read(out, BadRecords.failFast()).getFirst().context()).isEqualTo(t.context());
        assertThatThrownBy(() -> read(dir, "{\"context_uids\": [1.5], \"uid\": 1, \"llm_pred_diff\": 1}"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("context_uids[0]");
    }

    @Test
    void noUsableTupleIsAnErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "");
        assertThatThrownBy(() -> TupleLog.readUsable(empty, BadRecords.failFast())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("empty.jsonl").hasMessageContaining("no usable prediction tuples");
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"target_uid\":\"a\"}\n{\"nothing\":1}\n");
        BadRecords skip = BadRecords.skipAndCount();
        assertThatThrownBy(() -> TupleLog.readUsable(bad, skip)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("bad.jsonl").hasMessageContaining("all 2 records were bad");
        Path good = Files.writeString(dir.resolve("good.jsonl"), "{\"target_uid\":\"a\",\"context\":[],\"logp_true\":-1,\"logp_false\":-1}\n");
        assertThat(TupleLog.readUsable(good, BadRecords.failFast())).hasSize(1);
    }
}
