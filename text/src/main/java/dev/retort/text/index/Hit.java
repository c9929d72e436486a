package dev.retort.text.index;

import java.util.Map;

/** One search result: the item's id (insertion order, from 0), its inner product with the query, its metadata. */
public record Hit(int id, float score, Map<String, Object> metadata) {
}
