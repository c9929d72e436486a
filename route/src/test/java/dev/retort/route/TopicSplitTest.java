package dev.retort.route;

import dev.retort.core.BadInputException;
import dev.retort.core.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The topic split holds out whole answer clusters; the paraphrase split holds out question texts only. */
class TopicSplitTest {
    private static final SyntheticQa DATA = SyntheticQa.generate(10, 8, 16, 3);

    /** Pairs whose cluster_id is the synthetic topic; every question text distinct. */
    private static List<QaPair> pairs() {
        List<QaPair> out = new ArrayList<>();
        for (int i = 0; i < DATA.topic().length; i++) out.add(new QaPair("p" + i, "topic-" + DATA.topic()[i], "question " + i, "answer " + i));
        return out;
    }

    private static Set<String> clusters(List<QaPair> pairs, boolean[] held, boolean side) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < held.length; i++) if (held[i] == side) out.add(pairs.get(i).clusterId());
        return out;
    }

    @Test
    void topicHoldsOutWholeClustersWhereParaphraseSplitsThem() {
        List<QaPair> pairs = pairs();
        boolean[] topic = HeldOutSplit.of(pairs, 0.3, 42, HeldOutSplit.Kind.TOPIC);
        assertThat(clusters(pairs, topic, true)).hasSize(3).doesNotContainAnyElementsOf(clusters(pairs, topic, false));
        assertThat(HeldOutSplit.where(topic, true)).hasSize(3 * 8);

        boolean[] paraphrase = HeldOutSplit.of(pairs, 0.3, 42, HeldOutSplit.Kind.PARAPHRASE);
        assertThat(HeldOutSplit.where(paraphrase, true)).hasSize(24);
        Set<String> shared = clusters(pairs, paraphrase, true);
        shared.retainAll(clusters(pairs, paraphrase, false));
        assertThat(shared).isNotEmpty();                                   // known topics, new wording
        assertThat(HeldOutSplit.of(pairs, 0.3, 42, HeldOutSplit.Kind.TOPIC)).isEqualTo(topic);
    }

    @Test
    void badSplitsAreClearErrors() {
        assertThatThrownBy(() -> HeldOutSplit.Kind.parse("topics")).isInstanceOf(BadInputException.class).hasMessageContaining("paraphrase, topic");
        assertThat(HeldOutSplit.Kind.parse(" Topic ")).isEqualTo(HeldOutSplit.Kind.TOPIC);
        List<QaPair> noClusters = pairs().stream().map(p -> new QaPair(p.pairId(), p.pairId(), p.question(), p.answer())).toList();
        assertThatThrownBy(() -> HeldOutSplit.of(noClusters, 0.2, 1, HeldOutSplit.Kind.TOPIC)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("cluster_id");
    }

    @Test
    void topicEvaluationRefitsWithoutTheHeldOutClustersAndNamesItsSplit(@TempDir Path dir) {
        List<QaPair> pairs = pairs();
        boolean[] paraphrase = HeldOutSplit.of(pairs, 0.25, 7, HeldOutSplit.Kind.PARAPHRASE);
        int[] train = HeldOutSplit.where(paraphrase, false);
        RouteConfig config = RouteConfig.defaults().withK(6);
        RouteModel model = RouteModel.fit(RouteEvaluation.pick(DATA.questions(), train), RouteEvaluation.pick(DATA.answers(), train), config,
                new Rng(1));
        RouteArtifacts.write(dir, "synthetic", pairs, paraphrase, DATA.questions(), DATA.answers(), config, Map.of("holdout", 0.25));
        model.save(dir);

        RouteEvaluation.Result p = RouteEvaluation.run(dir, List.of(), 0, false, HeldOutSplit.Kind.PARAPHRASE, 5);
        RouteEvaluation.Result t = RouteEvaluation.run(dir, List.of(), 0, false, HeldOutSplit.Kind.TOPIC, 5);
        assertThat(p.split()).isEqualTo(HeldOutSplit.Kind.PARAPHRASE);
        assertThat(p.heldOutQuestions()).isEqualTo(HeldOutSplit.where(paraphrase, true).length);
        assertThat(t.split()).isEqualTo(HeldOutSplit.Kind.TOPIC);
        boolean[] topic = HeldOutSplit.of(pairs, 0.25, 5, HeldOutSplit.Kind.TOPIC);   // the fit's fraction, the eval's seed
        assertThat(t.heldOutQuestions()).isEqualTo(HeldOutSplit.where(topic, true).length)
                .isEqualTo(3 * 8);                                          // round(0.25 · 10) clusters; the default 0.2 would hold out 2
        assertThat(t.rows()).extracting(RetrievalEval.Row::method).containsExactly("raw embeddings", "federated, centroid router",
                "federated, question router", "federated, weighted router", "federated, uncertainty-weighted router");
        assertThat(t.rows().getFirst().cells().get("hit1").mean()).isNotNaN();

        RouteEvaluation.Fold fold = RouteEvaluation.topicFold(RouteArtifacts.read(dir), model, 5);
        assertThat(fold.model().onehot().size(0)).isEqualTo(fold.train().length).isEqualTo(pairs.size() - 3 * 8);  // refitted on the rest
        assertThat(fold.model().clusters()).isEqualTo(model.clusters());
        Set<String> heldClusters = new HashSet<>(), trainClusters = new HashSet<>();
        for (int i : fold.held()) heldClusters.add(pairs.get(i).clusterId());
        for (int i : fold.train()) trainClusters.add(pairs.get(i).clusterId());
        assertThat(heldClusters).hasSize(3).doesNotContainAnyElementsOf(trainClusters);

        assertThatThrownBy(() -> RouteEvaluation.run(dir, List.of(dir.resolve("student")), 0, false, HeldOutSplit.Kind.TOPIC, 5))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--split paraphrase");
    }
}
