package dev.retort.route;

import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.T_TensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.util.ArrayList;
import java.util.List;

/** Σₖ wₖ·fₖ(q) over each query's top clusters, with the weights renormalised over those clusters. */
record FederatedProjection(List<ClusterMap> maps) {

    /** q [b, d], weights [b, K] → [b, d]; topK = 0 mixes every cluster. */
    Tensor project(Tensor q, Tensor weights, int topK) {
        int b = (int) q.size(0), k = maps.size();
        int t = topK <= 0 ? k : Math.min(topK, k);
        T_TensorTensor_T top = weights.topk(t, 1, true, true);
        Tensor w = top.get0();                                               // [b, t]
        w = w.div(w.sum(new long[]{1}, true, new org.bytedeco.pytorch.ScalarTypeOptional()).clamp_min(Rows.scalar(1e-30)));
        long[] cluster = Tensors.toLongs(top.get1());
        float[] weight = Tensors.toFloats(w);
        List<List<Integer>> rowsOf = new ArrayList<>(k);
        for (int c = 0; c < k; c++) rowsOf.add(new ArrayList<>());
        for (int i = 0; i < cluster.length; i++) rowsOf.get((int) cluster[i]).add(i);
        Tensor out = torch.zeros(b, q.size(1));                              // [b, d]
        for (int c = 0; c < k; c++) {
            List<Integer> entries = rowsOf.get(c);
            if (entries.isEmpty()) continue;
            int[] rows = new int[entries.size()];
            float[] ws = new float[entries.size()];
            for (int j = 0; j < rows.length; j++) {
                int flat = entries.get(j);
                rows[j] = flat / t;
                ws[j] = weight[flat];
            }
            Tensor idx = Tensors.indices(rows);
            Tensor mapped = maps.get(c).apply(q.index_select(0, idx));        // [m, d]
            out.index_add_(0, idx, mapped.mul(Tensors.of(ws, ws.length, 1)));
        }
        return out;
    }
}
