package dev.retort.cli.text;

import dev.retort.core.BadInputException;
import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.SentenceEmbedder;
import dev.retort.text.index.Hit;
import dev.retort.text.index.VectorIndex;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Text records → embedded passages in a vector index that remembers its model and field, and back to text. */
final class CorpusIndex {
    static final String MODEL = "model";
    static final String FIELD = "field";

    private CorpusIndex() {
    }

    /** The built index and how long embedding took. */
    record Built(VectorIndex index, Embedding.Result embedding) {
    }

    /** The first record of each distinct text, in file order. */
    static List<TextInput> distinct(List<TextInput> items) {
        Set<String> seen = new HashSet<>();
        List<TextInput> out = new ArrayList<>();
        for (TextInput item : items) if (seen.add(item.text())) out.add(item);
        return out;
    }

    /** Embeds each item's text as a passage and indexes it with the whole record as metadata. */
    static Built build(SentenceEmbedder embedder, List<TextInput> items, String field, VectorIndex.Kind kind) {
        Embedding.Result embedded = Embedding.run(embedder, TextInput.texts(items), TextRole.PASSAGE, "embed " + field);
        VectorIndex index = VectorIndex.create(kind, embedder.dimension());
        for (int i = 0; i < items.size(); i++) index.add(embedded.vectors()[i], items.get(i).record());
        index.properties().put(MODEL, embedder.model().cliName());
        index.properties().put(FIELD, field);
        return new Built(index, embedded);
    }

    /** The model that embedded an index's vectors; queries must use the same one. */
    static EmbeddingModel modelOf(VectorIndex index, Path dir) {
        if (!(index.properties().get(MODEL) instanceof String name)) {
            throw new BadInputException(dir + ": the index does not say which embedding model built it; rebuild it with 'retort index build'");
        }
        return EmbeddingModel.parse(name);
    }

    /** Top-k hits for each query text. */
    static List<List<Hit>> search(SentenceEmbedder embedder, VectorIndex index, List<String> queries, int k) {
        return index.search(embedder.embedQueries(queries), k);
    }

    /** The metadata field {@code show} of a hit as one line, cut to {@code width} characters. */
    static String snippet(Hit hit, String show, int width) {
        Object v = hit.metadata().get(show);
        String s = v == null ? "(no '" + show + "')" : String.valueOf(v).replaceAll("\\s+", " ").strip();
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
