package dev.retort.text.index;

import dev.retort.core.BadInputException;
import dev.retort.core.RetortException;
import io.github.jbellis.jvector.disk.SimpleReader;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.OnHeapGraphIndex;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Approximate top-k by inner product over a JVector 4 graph (DiskANN-style graph with an HNSW hierarchy),
 * degree {@value #M}, construction beam {@value #BUILD_BEAM}. A search walks the graph with a beam of
 * {@code max(k, searchBeam)} candidates and returns the best k of them, ranked by their exact inner product.
 *
 * <p>The graph is built on the first search after vectors were added (all at once, in parallel when it is
 * new; node by node when it grows). Building in parallel is not deterministic, so a saved graph is
 * stored as it is: a loaded index answers exactly like the one that was saved.
 */
public final class HnswIndex extends StoredIndex implements VectorIndex {
    /** JVector reports its SIMD and thread choices through java.util.logging at INFO/WARNING on every start;
     * silenced before the first JVector class loads (static initializers run in text order). */
    private static final Logger JVECTOR_LOG = Logger.getLogger("io.github.jbellis.jvector");

    static {
        JVECTOR_LOG.setLevel(Level.SEVERE);
    }

    static final int M = 16;
    static final int BUILD_BEAM = 100;
    static final int DEFAULT_SEARCH_BEAM = 100;
    static final float NEIGHBOR_OVERFLOW = 1.2f;
    static final float ALPHA = 1.2f;
    static final String GRAPH = "graph.bin";
    private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();
    private static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;

    private final List<VectorFloat<?>> vectors = new ArrayList<>();   // views of store rows for JVector
    private final RandomAccessVectorValues ravv;
    private GraphIndexBuilder builder;
    private int graphNodes;
    private int searchBeam = DEFAULT_SEARCH_BEAM;

    public HnswIndex(int dimension) {
        this(new VectorStore(dimension));
    }

    private HnswIndex(VectorStore store) {
        super(store);
        this.ravv = new ListRandomAccessVectorValues(vectors, store.dimension());
        for (float[] row : store.rows()) vectors.add(VTS.createFloatVector(row));
    }

    @SuppressWarnings("deprecation")   // GraphIndexBuilder.load is the reader for OnHeapGraphIndex.save in 4.0.2
    static HnswIndex load(Path dir, IndexFiles.Config config) {
        HnswIndex index = new HnswIndex(VectorStore.load(dir, config.dimension(), config.size()));
        index.properties.putAll(config.properties());
        if (config.parameters().get("searchBeam") instanceof Number beam) index.searchBeam = beam.intValue();
        if (index.size() > 0) {
            Path graph = dir.resolve(GRAPH);
            index.builder = index.newBuilder();
            try (SimpleReader in = new SimpleReader(graph)) {
                index.builder.load(in);
            } catch (IOException | RuntimeException e) {
                throw new BadInputException(graph + ": cannot read the HNSW graph (" + e.getMessage() + "); rebuild the index");
            }
            index.graphNodes = index.size();
        }
        return index;
    }

    @Override
    public Kind kind() {
        return Kind.HNSW;
    }

    @Override
    public int add(float[] vector, Map<String, Object> metadata) {
        int id = super.add(vector, metadata);
        vectors.add(VTS.createFloatVector(store.row(id)));
        return id;
    }

    /** Candidates kept while walking the graph (≥ k); larger is slower and more accurate. Default 100. */
    public void setSearchBeam(int beam) {
        if (beam < 1) throw new BadInputException("search beam must be ≥ 1, got " + beam);
        this.searchBeam = beam;
    }

    @Override
    public List<List<Hit>> search(float[][] queries, int k) {
        store.checkQueries(queries, k);
        List<List<Hit>> out = new ArrayList<>(queries.length);
        if (size() == 0) {
            for (float[] ignored : queries) out.add(List.of());
            return out;
        }
        updateGraph();
        int top = Math.min(k, size());
        try (GraphSearcher searcher = new GraphSearcher(builder.getGraph())) {
            for (float[] query : queries) {
                VectorFloat<?> q = VTS.createFloatVector(query);
                SearchResult result = searcher.search(DefaultSearchScoreProvider.exact(q, SIMILARITY, ravv),
                        top, Math.max(top, searchBeam), 0f, 0f, Bits.ALL);
                out.add(rerank(query, result, top));
            }
        } catch (IOException e) {
            throw new RetortException("HNSW search failed: " + e.getMessage(), e);
        }
        return out;
    }

    /** The found nodes with their exact inner products (JVector reports (1 + dot) / 2), best first. */
    private List<Hit> rerank(float[] query, SearchResult result, int top) {
        List<Hit> hits = new ArrayList<>();
        for (SearchResult.NodeScore ns : result.getNodes()) hits.add(new Hit(ns.node, dot(query, store.row(ns.node)), store.metadata(ns.node)));
        hits.sort(Comparator.comparingDouble(Hit::score).reversed().thenComparingInt(Hit::id));
        return hits.size() > top ? List.copyOf(hits.subList(0, top)) : hits;
    }

    private static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** Brings the graph up to date with the store: a parallel build when new, single inserts when it grew. */
    private void updateGraph() {
        if (graphNodes == size()) return;
        if (builder == null) {
            builder = newBuilder();
            builder.build(ravv);
        } else {
            for (int id = graphNodes; id < size(); id++) builder.addGraphNode(id, vectors.get(id));
            builder.cleanup();
        }
        graphNodes = size();
    }

    private GraphIndexBuilder newBuilder() {
        BuildScoreProvider scores = BuildScoreProvider.randomAccessScoreProvider(ravv, SIMILARITY);
        return new GraphIndexBuilder(scores, dimension(), M, BUILD_BEAM, NEIGHBOR_OVERFLOW, ALPHA, true, true);
    }

    @Override
    public void save(Path dir) {
        if (size() > 0) updateGraph();
        Map<String, Object> parameters = Map.of("M", M, "buildBeam", BUILD_BEAM, "searchBeam", searchBeam,
                "alpha", ALPHA, "neighborOverflow", NEIGHBOR_OVERFLOW, "similarity", "dot_product");
        IndexFiles.writeDirectory(dir, IndexFiles.config(kind(), dimension(), size(), parameters, properties), tmp -> {
            store.save(tmp);
            if (size() > 0) {
                try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp.resolve(GRAPH))))) {
                    ((OnHeapGraphIndex) builder.getGraph()).save(out);
                }
            }
        });
    }
}
