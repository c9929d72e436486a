package dev.retort.text.index;

import dev.retort.core.BadInputException;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Top-k search by inner product over vectors that each carry a metadata map. Vectors should be L2-normalized
 * (then the score is the cosine similarity), as {@code SentenceEmbedder} returns them. Ids are insertion
 * order from 0. Adding a vector of the wrong dimension, or one with NaN/Inf, is a {@link BadInputException}.
 *
 * <p>{@link ExactIndex} scans everything with one matrix product per query batch; {@link HnswIndex} walks a
 * JVector graph and is approximate. Both save to and load from a directory
 * ({@code config.json}, {@code vectors.npy}, {@code metadata.jsonl}, plus the graph for HNSW).
 */
public sealed interface VectorIndex permits ExactIndex, HnswIndex {

    enum Kind {
        EXACT, HNSW;

        public static Kind parse(String name) {
            return switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "exact", "flat" -> EXACT;
                case "hnsw", "approximate", "ann" -> HNSW;
                default -> throw new BadInputException("unknown index kind '" + name + "': use exact or hnsw");
            };
        }

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** An empty index of {@code kind} for vectors of {@code dimension}. */
    static VectorIndex create(Kind kind, int dimension) {
        return switch (kind) {
            case EXACT -> new ExactIndex(dimension);
            case HNSW -> new HnswIndex(dimension);
        };
    }

    /** Reads an index saved with {@link #save}; its kind comes from the directory's config.json. */
    static VectorIndex load(Path dir) {
        IndexFiles.Config config = IndexFiles.readConfig(dir);
        return switch (Kind.parse(config.kind())) {
            case EXACT -> ExactIndex.load(dir, config);
            case HNSW -> HnswIndex.load(dir, config);
        };
    }

    Kind kind();

    int dimension();

    /** Number of vectors added. */
    int size();

    /**
     * Adds a copy of {@code vector} with its {@code metadata} (JSON-like values: strings, numbers, booleans,
     * lists, maps; null for none) and returns its id.
     */
    int add(float[] vector, Map<String, Object> metadata);

    /** The metadata stored with item {@code id}. */
    Map<String, Object> metadata(int id);

    /**
     * The best {@code min(k, size())} items for each query, highest inner product first.
     * Queries must have {@link #dimension()} finite components.
     */
    List<List<Hit>> search(float[][] queries, int k);

    default List<Hit> search(float[] query, int k) {
        return search(new float[][]{query}, k).getFirst();
    }

    /**
     * Free-form facts saved with the index in config.json (e.g. which embedding model made the vectors);
     * mutable, values JSON-like.
     */
    Map<String, Object> properties();

    /** Writes the index into {@code dir} (created or replaced as a whole: a crash leaves the old one). */
    void save(Path dir);
}
