package dev.retort.cli.kd;

import picocli.CommandLine.Option;

/**
 * The teacher-logit file's options, shared by {@code kd teacher-logits} and {@code spark teacher-logits} (which must
 * write the same bytes for the same options, so they cannot have separate defaults).
 */
public final class LogitFileOptions {
    @Option(names = "--format", defaultValue = "topk", paramLabel = "course|topk", description = "File format (default: ${DEFAULT-VALUE}).")
    public String format;
    @Option(names = "--bits", defaultValue = "8", paramLabel = "4|8|16|32", description = "Quantization of the course format (default: ${DEFAULT-VALUE}).")
    public int bits;
    @Option(names = "--top-k", defaultValue = "32", paramLabel = "K", description = "Logits kept per position in the topk format (default: ${DEFAULT-VALUE}).")
    public int topK;
    @Option(names = "--dataset-type", defaultValue = "training", paramLabel = "NAME", description = "Header field: training or validation (default: ${DEFAULT-VALUE}).")
    public String datasetType;
    @Option(names = "--batch-size", defaultValue = "16", paramLabel = "N", description = "Examples per forward pass (default: ${DEFAULT-VALUE}).")
    public int batchSize;
}
