package dev.retort.route;

import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Retrieval over the whole answer corpus for held-out questions: each query vector ranks every distinct
 * answer by cosine. {@code exact} is the rank of the pair's own answer; {@code group} the best rank of any answer
 * with the pair's cluster_id. Ties count in the query's favour (rank = 1 + answers scored strictly higher).
 * Hit@1/5/10 and MRR for both, with bootstrap intervals and the paired difference against the baseline.
 */
public final class RetrievalEval {
    public static final List<String> METRICS = List.of("hit1", "hit5", "hit10", "mrr", "group_hit1", "group_hit5", "group_hit10", "group_mrr");

    /** One metric of one method: mean, 95% interval, and the paired difference to the baseline with its interval. */
    public record Cell(double mean, double low, double high, double delta, double deltaLow, double deltaHigh) {
        public boolean deltaExcludesZero() {
            return deltaLow > 0 || deltaHigh < 0;
        }
    }

    /** A method's metrics (see {@link #METRICS}) and extra numbers such as teacher fidelity. */
    public record Row(String method, Map<String, Cell> cells, Map<String, Double> extra) {
    }

    private final AnswerCorpus corpus;
    private final List<QaPair> pairs;
    private final int[] rows;
    private final Bootstrap bootstrap;
    private final List<Row> table = new ArrayList<>();
    private Map<String, double[]> baseline;

    /** rows: the pairs to evaluate (held-out questions). */
    public RetrievalEval(AnswerCorpus corpus, List<QaPair> pairs, int[] rows, int resamples, long seed) {
        this.corpus = corpus;
        this.pairs = pairs;
        this.rows = rows.clone();
        this.bootstrap = new Bootstrap(rows.length, resamples, seed);
    }

    /** Adds a method; the first one added is the baseline the others are compared with. */
    public Row add(String method, float[][] queryVectors, Map<String, Double> extra) {
        Map<String, double[]> perQuery = perQuery(queryVectors);
        if (baseline == null) baseline = perQuery;
        Map<String, Cell> cells = new LinkedHashMap<>();
        for (String m : METRICS) {
            Bootstrap.Interval v = bootstrap.of(perQuery.get(m));
            Bootstrap.Interval d = bootstrap.difference(perQuery.get(m), baseline.get(m));
            cells.put(m, new Cell(v.mean(), v.low(), v.high(), d.mean(), d.low(), d.high()));
        }
        Row row = new Row(method, cells, extra);
        table.add(row);
        return row;
    }

    public List<Row> rows() {
        return List.copyOf(table);
    }

    /** 1-based ranks [exact, group] of each evaluated pair, for unit queries [n][d] aligned with the rows. */
    int[][] ranks(float[][] queryVectors) {
        if (queryVectors.length != rows.length) throw new IllegalArgumentException(queryVectors.length + " query vectors for " + rows.length + " rows");
        Tensor q = Rows.tensor(queryVectors), a = Rows.tensor(corpus.vectors());
        Tensor scores = q.mm(a.t());                                                           // [n, M]
        int[] gold = new int[rows.length];
        float[] mask = new float[rows.length * corpus.size()];
        Map<String, int[]> groupRows = new LinkedHashMap<>();
        for (int i = 0; i < rows.length; i++) {
            QaPair p = pairs.get(rows[i]);
            gold[i] = corpus.answerOf()[rows[i]];
            for (int r : groupRows.computeIfAbsent(p.clusterId(), corpus::rowsOfCluster)) mask[i * corpus.size() + r] = 1;
        }
        Tensor own = scores.gather(1, Tensors.indices(gold).unsqueeze(1));                       // [n, 1]
        Tensor inGroup = Tensors.of(mask, rows.length, corpus.size()).gt(Rows.scalar(0.5));
        Tensor bestInGroup = scores.masked_fill(inGroup.logical_not(), Rows.scalar(Float.NEGATIVE_INFINITY))
                .amax(new long[]{1}, true);                                                    // [n, 1]
        long[] exact = Tensors.toLongs(scores.gt(own).sum(1));
        long[] group = Tensors.toLongs(scores.gt(bestInGroup).sum(1));
        int[][] out = new int[2][rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[0][i] = (int) exact[i] + 1;
            out[1][i] = (int) group[i] + 1;
        }
        return out;
    }

    private Map<String, double[]> perQuery(float[][] queryVectors) {
        int[][] r = ranks(queryVectors);
        Map<String, double[]> m = new LinkedHashMap<>();
        String[] prefix = {"", "group_"};
        for (int kind = 0; kind < 2; kind++) {
            double[] h1 = new double[rows.length], h5 = new double[rows.length], h10 = new double[rows.length], rr = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                int rank = r[kind][i];
                h1[i] = rank <= 1 ? 1 : 0;
                h5[i] = rank <= 5 ? 1 : 0;
                h10[i] = rank <= 10 ? 1 : 0;
                rr[i] = 1.0 / rank;
            }
            m.put(prefix[kind] + "hit1", h1);
            m.put(prefix[kind] + "hit5", h5);
            m.put(prefix[kind] + "hit10", h10);
            m.put(prefix[kind] + "mrr", rr);
        }
        return m;
    }

    /** Mean cosine between rows of a and b (both unit) — teacher fidelity. */
    public static double meanCosine(float[][] a, float[][] b) {
        Tensor x = Rows.tensor(a), y = Rows.tensor(b);
        return torch.cosine_similarity(x, y, 1, 1e-8).mean().item_double();
    }
}
