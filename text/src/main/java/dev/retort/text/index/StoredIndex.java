package dev.retort.text.index;

import java.util.LinkedHashMap;
import java.util.Map;

/** What both index kinds share: the checked vector store, per-item metadata and saved properties. */
abstract sealed class StoredIndex permits ExactIndex, HnswIndex {
    final VectorStore store;
    final Map<String, Object> properties = new LinkedHashMap<>();

    StoredIndex(VectorStore store) {
        this.store = store;
    }

    public int dimension() {
        return store.dimension();
    }

    public int size() {
        return store.size();
    }

    public int add(float[] vector, Map<String, Object> metadata) {
        return store.add(vector, metadata);
    }

    public Map<String, Object> metadata(int id) {
        return store.metadata(id);
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
