/**
 * Text tools the pipelines share.
 *
 * <ul>
 *   <li>{@link dev.retort.text.embed.SentenceEmbedder}: sentence embeddings from the ONNX models packaged in the
 *       langchain4j jars ({@link dev.retort.text.embed.EmbeddingModel}: all-MiniLM-L6-v2, its int8 version,
 *       bge-small-en-v1.5), offline, batched, unit length.</li>
 *   <li>{@link dev.retort.text.index.VectorIndex}: top-k by inner product with per-item metadata —
 *       {@link dev.retort.text.index.ExactIndex} (libtorch matrix products, FAISS IndexFlatIP's algorithm) and
 *       {@link dev.retort.text.index.HnswIndex} (JVector graph) — saved to and loaded from a directory.</li>
 * </ul>
 */
package dev.retort.text;
