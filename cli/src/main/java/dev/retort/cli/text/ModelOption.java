package dev.retort.cli.text;

import dev.retort.text.embed.EmbeddingModel;
import picocli.CommandLine.Option;

/** {@code --model minilm|minilm-q|bge}, for commands that embed with a model of the user's choice. */
public final class ModelOption {
    @Option(names = "--model", defaultValue = "minilm", paramLabel = "minilm|minilm-q|bge",
            description = "Embedding model (default: ${DEFAULT-VALUE}; minilm-q is the int8 version, 2-4x faster; bge is bge-small-en-v1.5).")
    String name;

    public EmbeddingModel model() {
        return EmbeddingModel.parse(name);
    }
}
