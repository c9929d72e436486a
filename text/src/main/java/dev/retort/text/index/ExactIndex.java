package dev.retort.text.index;

import dev.retort.core.Engine;
import dev.retort.core.tensor.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.T_TensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Exact top-k by inner product: the stored vectors live in one libtorch matrix X [n, d] on the engine's
 * device, and a block of queries Q [b, d] is answered by one matrix product S = Q Xᵀ [b, n] and one
 * {@code topk} over its rows — the same work as FAISS {@code IndexFlatIP}. Blocks hold at most
 * {@value #BLOCK_SCORES} scores, so scratch memory stays near 64 MB whatever the number of queries.
 */
public final class ExactIndex extends StoredIndex implements VectorIndex {
    /** Largest score block b × n computed at once (float32: 64 MB). */
    static final long BLOCK_SCORES = 16L << 20;

    private Tensor database;        // X [n, d], rebuilt after adds
    private int databaseRows = -1;

    public ExactIndex(int dimension) {
        super(new VectorStore(dimension));
    }

    private ExactIndex(VectorStore store) {
        super(store);
    }

    static ExactIndex load(Path dir, IndexFiles.Config config) {
        ExactIndex index = new ExactIndex(VectorStore.load(dir, config.dimension(), config.size()));
        index.properties.putAll(config.properties());
        return index;
    }

    @Override
    public Kind kind() {
        return Kind.EXACT;
    }

    @Override
    public List<List<Hit>> search(float[][] queries, int k) {
        store.checkQueries(queries, k);
        int n = size();
        int top = Math.min(k, n);
        List<List<Hit>> out = new ArrayList<>(queries.length);
        if (top == 0) {
            for (float[] ignored : queries) out.add(List.of());
            return out;
        }
        Engine engine = Engine.get();
        Tensor x = database(engine);
        List<float[]> rows = List.of(queries);
        int block = (int) Math.max(1, Math.min(queries.length, BLOCK_SCORES / n));
        for (int from = 0; from < queries.length; from += block) {
            int to = Math.min(queries.length, from + block);
            try (PointerScope step = Engine.step()) {
                Tensor q = Tensors.of(store.flatten(rows, from, to), to - from, dimension()).to(engine.device(), torch.ScalarType.Float);
                Tensor scores = q.matmul(x.t());                 // [b, n]
                T_TensorTensor_T best = scores.topk(top);          // values, indices: [b, top], descending
                float[] values = Tensors.toFloats(best.get0());
                long[] ids = Tensors.toLongs(best.get1());
                for (int i = 0; i < to - from; i++) {
                    List<Hit> hits = new ArrayList<>(top);
                    for (int j = 0; j < top; j++) {
                        int id = (int) ids[i * top + j];
                        hits.add(new Hit(id, values[i * top + j], store.metadata(id)));
                    }
                    out.add(hits);
                }
            }
        }
        return out;
    }

    /** X [n, d] on the engine's device, kept outside any caller's memory scope. */
    private Tensor database(Engine engine) {
        if (databaseRows != size()) {
            if (database != null) database.releaseReference();
            try (PointerScope ignored = Engine.step()) {
                database = Tensors.of(store.flatten(store.rows(), 0, size()), size(), dimension())
                        .to(engine.device(), torch.ScalarType.Float).contiguous();
                // One reference beyond the scope's keeps it alive after close (PointerScope.detach would free it).
                database.retainReference();
            }
            databaseRows = size();
        }
        return database;
    }

    @Override
    public void save(Path dir) {
        IndexFiles.writeDirectory(dir, IndexFiles.config(kind(), dimension(), size(), Map.of(), properties), store::save);
    }
}
