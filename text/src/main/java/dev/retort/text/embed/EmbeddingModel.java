package dev.retort.text.embed;

import dev.retort.core.BadInputException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The sentence-embedding models retort ships: ONNX graphs and tokenizer.json files carried inside the
 * langchain4j embedding jars on the classpath, so they work offline. All give 384-d vectors.
 */
public enum EmbeddingModel {
    /** sentence-transformers/all-MiniLM-L6-v2, fp32; mean pooling; sentence-transformers truncates at 256 tokens. */
    MINILM("minilm", "all-minilm-l6-v2", Pooling.MEAN, "", 256),
    /** The same model quantized to int8 (≈ 4× faster on CPU, slightly different vectors). */
    MINILM_Q("minilm-q", "all-minilm-l6-v2-q", Pooling.MEAN, "", 256),
    /** BAAI/bge-small-en-v1.5; CLS pooling; queries take an instruction prefix, passages none. */
    BGE("bge", "bge-small-en-v1.5", Pooling.CLS, "Represent this sentence for searching relevant passages: ", 512);

    /** How token states [batch, seq, d] become one vector per text. */
    public enum Pooling { MEAN, CLS }

    private final String cliName;
    private final String resourceStem;
    private final Pooling pooling;
    private final String queryPrefix;
    private final int maxTokens;

    EmbeddingModel(String cliName, String resourceStem, Pooling pooling, String queryPrefix, int maxTokens) {
        this.cliName = cliName;
        this.resourceStem = resourceStem;
        this.pooling = pooling;
        this.queryPrefix = queryPrefix;
        this.maxTokens = maxTokens;
    }

    /** "minilm", "minilm-q" or "bge" (case-insensitive, '_' accepted for '-'). */
    public static EmbeddingModel parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (EmbeddingModel m : values()) if (m.cliName.equals(n)) return m;
        throw new BadInputException("unknown embedding model '" + name + "': use one of " + names());
    }

    /** "minilm, minilm-q, bge" — for help texts and error messages. */
    public static String names() {
        return Arrays.stream(values()).map(EmbeddingModel::cliName).collect(Collectors.joining(", "));
    }

    public String cliName() {
        return cliName;
    }

    /** Classpath resource of the ONNX graph (jar root). */
    public String onnxResource() {
        return resourceStem + ".onnx";
    }

    /** Classpath resource of the Hugging Face tokenizer.json (jar root). */
    public String tokenizerResource() {
        return resourceStem + "-tokenizer.json";
    }

    public Pooling pooling() {
        return pooling;
    }

    /** Prepended to queries (not passages); empty when the model has none. */
    public String queryPrefix() {
        return queryPrefix;
    }

    /** Longer inputs are truncated to this many tokens, special tokens included. */
    public int maxTokens() {
        return maxTokens;
    }

    @Override
    public String toString() {
        return cliName;
    }
}
