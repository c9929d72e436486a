package dev.retort.text.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.retort.core.RetortException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Sentence embeddings from one {@link EmbeddingModel}: Hugging Face tokenizer (DJL's native binding) →
 * ONNX Runtime → pooling → L2 normalization. Fully offline: graph and tokenizer come from the classpath.
 *
 * <p>Texts are embedded in batches of {@value #BATCH}; within one call they are grouped by length so a batch
 * carries little padding, and results come back in input order. The same list gives bit-identical vectors on
 * every call. A text's vector depends slightly on the batch it shared: in the last float bits for fp32
 * models (padding), and more for {@link EmbeddingModel#MINILM_Q}, whose int8 graph quantizes activations with
 * one scale per batch tensor (cosine to the same text embedded alone ≈ 0.99).
 */
public final class SentenceEmbedder implements TextEmbedder {
    /** Texts per ONNX call: large enough for throughput, small enough to keep padding low. */
    public static final int BATCH = 32;

    private final EmbeddingModel model;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean wantsTokenTypes;
    private final int dimension;

    private SentenceEmbedder(EmbeddingModel model, int threads) throws OrtException, IOException {
        this.model = model;
        this.env = OrtEnvironment.getEnvironment();
        try (var options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = env.createSession(resourceBytes(model.onnxResource()), options);
        }
        try (InputStream json = resource(model.tokenizerResource())) {
            this.tokenizer = HuggingFaceTokenizer.newInstance(json, Map.of(
                    "padding", "true",              // pad to the longest text of the batch
                    "truncation", "true",
                    "maxLength", Integer.toString(model.maxTokens()),
                    "addSpecialTokens", "true"));
        }
        Set<String> inputs = session.getInputNames();
        if (!inputs.contains("input_ids") || !inputs.contains("attention_mask")) {
            throw new RetortException(model.onnxResource() + " has inputs " + inputs + "; expected input_ids and attention_mask");
        }
        this.wantsTokenTypes = inputs.contains("token_type_ids");
        this.dimension = embed(List.of("dimension probe"), "")[0].length;
    }

    /** Opens {@code model} with one ONNX Runtime intra-op thread (fastest per core on small machines). */
    public static SentenceEmbedder open(EmbeddingModel model) {
        return open(model, 1);
    }

    /** Opens {@code model} with {@code threads} ONNX Runtime intra-op threads. */
    public static SentenceEmbedder open(EmbeddingModel model, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        try {
            return new SentenceEmbedder(model, threads);
        } catch (OrtException | IOException e) {
            throw new RetortException("cannot load embedding model " + model + ": " + e.getMessage(), e);
        }
    }

    public EmbeddingModel model() {
        return model;
    }

    /** The model's CLI name ({@link EmbeddingModel#cliName()}). */
    @Override
    public String name() {
        return model.cliName();
    }

    /** Length of every vector (384 for the packaged models). */
    @Override
    public int dimension() {
        return dimension;
    }

    /** Always true: every row is L2-normalized (a zero vector is an error). */
    @Override
    public boolean unitNormalized() {
        return true;
    }

    @Override
    public float[][] embed(List<String> texts, TextRole role) {
        return switch (role) {
            case QUERY -> embedQueries(texts);
            case PASSAGE -> embedPassages(texts);
        };
    }

    /** Vectors for search queries: the model's query prefix (if any) is prepended. One unit-norm row per text. */
    public float[][] embedQueries(List<String> texts) {
        return embed(texts, model.queryPrefix());
    }

    /** Vectors for stored passages/documents: no prefix. One unit-norm row per text. */
    public float[][] embedPassages(List<String> texts) {
        return embed(texts, "");
    }

    private float[][] embed(List<String> texts, String prefix) {
        float[][] out = new float[texts.size()][];
        // Group by length so each batch pads little; the stable sort keeps the order deterministic.
        int[] order = IntStream.range(0, texts.size()).boxed()
                .sorted(Comparator.comparingInt(i -> texts.get(i).length()))
                .mapToInt(Integer::intValue).toArray();
        for (int from = 0; from < order.length; from += BATCH) {
            int to = Math.min(order.length, from + BATCH);
            List<String> batch = new ArrayList<>(to - from);
            for (int j = from; j < to; j++) batch.add(prefix + texts.get(order[j]));
            float[][] vectors = embedBatch(batch);
            for (int j = from; j < to; j++) out[order[j]] = vectors[j - from];
        }
        return out;
    }

    /** One ONNX call: texts → token states [b, seq, d] → pooled, normalized [b, d]. */
    private float[][] embedBatch(List<String> texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int b = encodings.length;
        int seq = encodings[0].getIds().length;
        long[] ids = new long[b * seq];
        long[] mask = new long[b * seq];
        long[] types = new long[b * seq];
        for (int i = 0; i < b; i++) {
            System.arraycopy(encodings[i].getIds(), 0, ids, i * seq, seq);
            System.arraycopy(encodings[i].getAttentionMask(), 0, mask, i * seq, seq);
            System.arraycopy(encodings[i].getTypeIds(), 0, types, i * seq, seq);
        }
        long[] shape = {b, seq};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (wantsTokenTypes) inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
            try (OrtSession.Result result = session.run(inputs)) {
                OnnxTensor states = (OnnxTensor) result.get(0);
                long[] s = states.getInfo().getShape();   // [b, seq, d]
                if (s.length != 3 || s[0] != b || s[1] != seq) {
                    throw new RetortException(model + ": unexpected output shape " + java.util.Arrays.toString(s));
                }
                return pool(states.getFloatBuffer(), mask, b, seq, (int) s[2]);
            }
        } catch (OrtException e) {
            throw new RetortException(model + ": ONNX Runtime failed on a batch of " + b + " texts: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** states [b, seq, d] row-major, mask [b, seq] → pooled unit vectors [b][d]. */
    private float[][] pool(FloatBuffer states, long[] mask, int b, int seq, int d) {
        float[][] out = new float[b][d];
        for (int i = 0; i < b; i++) {
            float[] v = out[i];
            switch (model.pooling()) {
                case CLS -> states.get(i * seq * d, v, 0, d);
                case MEAN -> {
                    int count = 0;
                    float[] token = new float[d];
                    for (int t = 0; t < seq; t++) {
                        if (mask[i * seq + t] == 0) continue;
                        states.get((i * seq + t) * d, token, 0, d);
                        for (int k = 0; k < d; k++) v[k] += token[k];
                        count++;
                    }
                    for (int k = 0; k < d; k++) v[k] /= Math.max(count, 1);
                }
            }
            normalize(v);
        }
        return out;
    }

    private void normalize(float[] v) {
        double sum = 0;
        for (float x : v) sum += (double) x * x;
        double norm = Math.sqrt(sum);
        if (!(norm > 0) || !Double.isFinite(norm)) {
            throw new RetortException(model + " produced a vector with norm " + norm + "; the ONNX model file may be damaged");
        }
        for (int k = 0; k < v.length; k++) v[k] = (float) (v[k] / norm);
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = SentenceEmbedder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("resource " + name + " is not on the classpath; the langchain4j embeddings jar is missing");
        }
        return in;
    }

    private static byte[] resourceBytes(String name) throws IOException {
        try (InputStream in = resource(name)) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        tokenizer.close();
        try {
            session.close();
        } catch (OrtException e) {
            throw new RetortException("closing ONNX session failed: " + e.getMessage(), e);
        }
    }
}
