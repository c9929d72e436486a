package dev.retort.text.index;

import dev.retort.core.BadInputException;
import dev.retort.text.embed.Embedding;
import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.SentenceEmbedder;
import dev.retort.text.embed.TextInput;
import dev.retort.text.embed.TextRole;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Text records → embedded passages in a vector index that remembers its model and field, and back to text. */
public final class CorpusIndex {
    public static final String MODEL = "model";
    public static final String FIELD = "field";

    private CorpusIndex() {
    }

    /** The built index and how long embedding took. */
    public record Built(VectorIndex index, Embedding.Result embedding) {
    }

    /** The first record of each distinct text, in file order. */
    public static List<TextInput> distinct(List<TextInput> items) {
        Set<String> seen = new HashSet<>();
        List<TextInput> out = new ArrayList<>();
        for (TextInput item : items) if (seen.add(item.text())) out.add(item);
        return out;
    }

    /** Embeds each item's text as a passage and indexes it with the whole record as metadata. */
    public static Built build(SentenceEmbedder embedder, List<TextInput> items, String field, VectorIndex.Kind kind) {
        Embedding.Result embedded = Embedding.run(embedder, TextInput.texts(items), TextRole.PASSAGE, "embed " + field);
        return new Built(of(embedded.vectors(), items, field, embedder.model(), kind), embedded);
    }

    /** The index of passage vectors already embedded with {@code model}, one per item, with each item's record as metadata. */
    public static VectorIndex of(float[][] vectors, List<TextInput> items, String field, EmbeddingModel model, VectorIndex.Kind kind) {
        if (vectors.length == 0 || vectors.length != items.size())
            throw new IllegalArgumentException(vectors.length + " vectors for " + items.size() + " items");
        VectorIndex index = VectorIndex.create(kind, vectors[0].length);
        for (int i = 0; i < items.size(); i++) index.add(vectors[i], items.get(i).record());
        index.properties().put(MODEL, model.cliName());
        index.properties().put(FIELD, field);
        return index;
    }

    /** Where the indexed records came from, in the index properties {@code retort index build} and the Spark job write. */
    public static void recordSource(VectorIndex index, String source, String sha256, boolean distinct, long skippedRecords) {
        index.properties().put("source", source);
        index.properties().put("source_sha256", sha256);
        index.properties().put("distinct", distinct);
        index.properties().put("skipped_records", skippedRecords);
        index.properties().put("created", java.time.Instant.now().toString());
    }

    /** The model that embedded an index's vectors; queries must use the same one. */
    public static EmbeddingModel modelOf(VectorIndex index, Path dir) {
        if (!(index.properties().get(MODEL) instanceof String name)) {
            throw new BadInputException(dir + ": the index does not say which embedding model built it; rebuild it with 'retort index build'");
        }
        return EmbeddingModel.parse(name);
    }

    /** Top-k hits for each query text. */
    public static List<List<Hit>> search(SentenceEmbedder embedder, VectorIndex index, List<String> queries, int k) {
        return index.search(embedder.embedQueries(queries), k);
    }

    /** The metadata field {@code show} of a hit as one line, cut to {@code width} characters. */
    public static String snippet(Hit hit, String show, int width) {
        Object v = hit.metadata().get(show);
        String s = v == null ? "(no '" + show + "')" : String.valueOf(v).replaceAll("\\s+", " ").strip();
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
