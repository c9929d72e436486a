package dev.retort.route;

import dev.retort.core.Engine;
import dev.retort.core.Rng;
import dev.retort.core.report.Progress;
import dev.retort.core.tensor.Tensors;
import dev.retort.core.train.AdamWOptimizers;
import dev.retort.core.train.EarlyStopping;
import dev.retort.core.train.EpochCheckpoint;
import dev.retort.core.train.MinibatchEpochs;
import dev.retort.core.train.OptimizerStep;
import dev.retort.core.train.ResumeCheck;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Trains a {@link QueryAdapter} with InfoNCE against in-batch negatives: for a batch of training pairs,
 * logits = norm(adapter(qᵢ))·norm(aⱼ)/τ and the loss is −log softmax at j = i (other rows that share the
 * same answer text are masked out, they are not negatives). AdamW, seeded batches, early stopping on the
 * validation MRR over the whole answer corpus (a slice of the training pairs, never the held-out ones).
 */
final class AdapterTraining {
    /** Settings; {@code experts} = 1 gives the linear adapter. */
    record Settings(int experts, int epochs, int batchSize, double learningRate, double weightDecay, double temperature,
                    int patience, double validationFraction) {
        static Settings linear() {
            return new Settings(1, 60, 64, 1e-3, 1e-2, 0.05, 6, 0.1);
        }

        static Settings mixture(int experts) {
            return new Settings(experts, 60, 64, 1e-3, 1e-2, 0.05, 6, 0.1);
        }
    }

    record Result(QueryAdapter adapter, int bestEpoch, double bestValidationMrr, double rawValidationMrr) {
    }

    private AdapterTraining() {
    }

    /**
     * @param q         [n, d] unit training questions
     * @param a         [n, d] unit answers of those questions
     * @param answerIds corpus row of each pair's answer
     * @param corpus    [M, d] unit answer corpus
     * @param plan      whether to checkpoint every epoch and resume from a checkpoint ({@link EpochCheckpoint})
     */
    static Result train(Tensor q, Tensor a, int[] answerIds, Tensor corpus, Settings s, double gateTau, Rng rng, EpochCheckpoint.Plan plan) {
        int n = (int) q.size(0);
        int[] perm = rng.fork("adapter-split").permutation(n);
        int nVal = Math.max(1, (int) Math.round(n * s.validationFraction()));
        int[] val = Arrays.copyOfRange(perm, 0, nVal), train = Arrays.copyOfRange(perm, nVal, n);
        Tensor gateInit = s.experts() > 1
                ? Rows.normalize(new KMeans(s.experts(), 2, 50).fit(q.index_select(0, Tensors.indices(train)), rng.fork("adapter-gates")).centroids())
                : torch.zeros(1, q.size(1));
        Engine.get().reseed(rng.fork("adapter-init").nextLong());
        QueryAdapter adapter = new QueryAdapter((int) q.size(1), s.experts(), gateInit, gateTau);
        AdamW optimizer = AdamWOptimizers.create(adapter, s.learningRate(), s.weightDecay(), QueryAdapter.DECAY);
        OptimizerStep update = OptimizerStep.unclipped(optimizer);
        Tensor qVal = q.index_select(0, Tensors.indices(val));
        int[] valAnswers = pick(answerIds, val);
        double rawMrr = mrr(qVal, corpus, valAnswers);
        EarlyStopping stopping = new EarlyStopping(adapter, EarlyStopping.Goal.MAXIMIZE, rawMrr, s.patience());
        EpochCheckpoint checkpoint = new EpochCheckpoint(plan, adapter, optimizer, stopping, Map.of(),
                ResumeCheck.options(Map.of("settings", s, "gateTau", gateTau), List.of()));
        try (Progress progress = Progress.start("adapter E=" + s.experts(), s.epochs())) {
            progress.advance(checkpoint.epochsDone());
            new MinibatchEpochs(s.batchSize(), Math.min(2, s.batchSize()), s.epochs(), "adapter training (InfoNCE)").run(train, rng.fork("adapter-batches"), batch -> {
                Tensor idx = Tensors.indices(batch);
                Tensor qb = Rows.normalize(adapter.forward(q.index_select(0, idx)));      // [B, d]
                Tensor ab = a.index_select(0, idx);                                         // [B, d]
                Tensor logits = qb.mm(ab.t()).div(Rows.scalar(s.temperature()))
                        .masked_fill(sameAnswerMask(answerIds, batch), Rows.scalar(-1e4)); // [B, B]
                Tensor loss = torch.log_softmax(logits, 1).diagonal().mean().neg();
                optimizer.zero_grad();
                loss.backward();
                update.apply(s.learningRate());
                return loss.item_double();
            }, (epoch, trainLoss) -> {
                double valMrr;
                try (var step = Engine.step(); var noGrad = new org.bytedeco.pytorch.NoGradGuard()) {
                    valMrr = mrr(Rows.normalize(adapter.forward(qVal)), corpus, valAnswers);
                }
                progress.advance(1);
                progress.message(String.format(java.util.Locale.ROOT, "loss %.3f val MRR %.3f", trainLoss, valMrr));
                return stopping.record(epoch, valMrr);
            }, checkpoint);
        }
        stopping.restoreBest();
        return new Result(adapter, stopping.bestEpoch(), stopping.best(), rawMrr);
    }

    /** [B, B] true where two different rows of the batch share an answer. */
    private static Tensor sameAnswerMask(int[] answerIds, int[] batch) {
        long[] ids = new long[batch.length];
        for (int i = 0; i < batch.length; i++) ids[i] = answerIds[batch[i]];
        Tensor t = Tensors.of(ids, ids.length);
        return t.unsqueeze(1).eq(t.unsqueeze(0)).logical_and(torch.eye(batch.length).eq(Rows.scalar(0)));
    }

    /** Mean reciprocal rank of each query's answer among all corpus rows. */
    static double mrr(Tensor queries, Tensor corpus, int[] answers) {
        Tensor scores = queries.mm(corpus.t());                                              // [n, M]
        Tensor own = scores.gather(1, Tensors.indices(answers).unsqueeze(1));                   // [n, 1]
        float[] ranks = Tensors.toFloats(scores.gt(own).sum(1));
        double sum = 0;
        for (float r : ranks) sum += 1.0 / (r + 1);
        return sum / ranks.length;
    }

    private static int[] pick(int[] values, int[] at) {
        int[] out = new int[at.length];
        for (int i = 0; i < at.length; i++) out[i] = values[at[i]];
        return out;
    }
}
