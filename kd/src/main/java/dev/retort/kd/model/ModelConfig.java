package dev.retort.kd.model;

import dev.retort.core.BadInputException;
import dev.retort.core.io.Json;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Shape of a {@link Seq2SeqModel}, saved as {@code config.json} next to the weights.
 *
 * @param maxSourceLen longest encoder input in tokens (learned positions; longer inputs are truncated)
 * @param maxTargetLen longest decoder sequence including BOS (learned positions)
 * @param copy         whether the output mixes the vocabulary distribution with a pointer over source tokens
 * @param copyFollow   whether the pointer adds a learned bonus at source positions right after an occurrence of the
 *                     token just fed to the decoder, so copying a span token by token is easy to learn (needs copy)
 */
public record ModelConfig(String preset, int vocabSize, int dModel, int heads, int encoderLayers, int decoderLayers,
                          int ffDim, int maxSourceLen, int maxTargetLen, double dropout, boolean copy,
                          boolean copyFollow, int padId, int bosId, int eosId) {
    public ModelConfig {
        if (vocabSize < 4) throw new BadInputException("vocabulary size must be at least 4, got " + vocabSize);
        if (dModel % heads != 0) throw new BadInputException("d_model " + dModel + " is not divisible by heads " + heads);
        if (maxSourceLen < 2 || maxTargetLen < 2) throw new BadInputException("max lengths must be at least 2");
        if (dropout < 0 || dropout >= 1) throw new BadInputException("dropout must be in [0, 1), got " + dropout);
        if (copyFollow && !copy) throw new BadInputException("copy-follow needs the copy head");
        for (int id : new int[]{padId, bosId, eosId}) {
            if (id < 0 || id >= vocabSize) throw new BadInputException("special token id " + id + " is outside the vocabulary of " + vocabSize);
        }
    }

    /**
     * A named size. {@code tiny} is for tests; {@code small}, {@code student} and {@code teacher} are the pipeline's sizes.
     * Source and target lengths are the pipeline defaults (512 / 128) except for tiny.
     */
    public static ModelConfig preset(String name, int vocabSize, int padId, int bosId, int eosId) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "tiny" -> new ModelConfig("tiny", vocabSize, 32, 2, 1, 1, 64, 64, 32, 0.0, true, false, padId, bosId, eosId);
            case "small" -> new ModelConfig("small", vocabSize, 64, 4, 2, 2, 256, 512, 128, 0.1, true, false, padId, bosId, eosId);
            case "student" -> new ModelConfig("student", vocabSize, 128, 4, 2, 2, 512, 512, 128, 0.1, true, false, padId, bosId, eosId);
            case "teacher" -> new ModelConfig("teacher", vocabSize, 256, 8, 3, 3, 1024, 512, 128, 0.1, true, false, padId, bosId, eosId);
            default -> throw new BadInputException("unknown model preset '" + name + "': use tiny, small, student or teacher");
        };
    }

    public ModelConfig withLengths(int maxSource, int maxTarget) {
        return new ModelConfig(preset, vocabSize, dModel, heads, encoderLayers, decoderLayers, ffDim, maxSource, maxTarget,
                dropout, copy, copyFollow, padId, bosId, eosId);
    }

    /** The same config with another width, depth (encoder and decoder layers each) and feed-forward size. */
    public ModelConfig withShape(int dModel, int heads, int layers, int ffDim) {
        return new ModelConfig(preset + "-custom", vocabSize, dModel, heads, layers, layers, ffDim, maxSourceLen, maxTargetLen,
                dropout, copy, copyFollow, padId, bosId, eosId);
    }

    public ModelConfig withDropout(double p) {
        return new ModelConfig(preset, vocabSize, dModel, heads, encoderLayers, decoderLayers, ffDim, maxSourceLen, maxTargetLen,
                p, copy, copyFollow, padId, bosId, eosId);
    }

    /** The same config with the pointer's span-following bonus on or off. */
    public ModelConfig withCopyFollow(boolean on) {
        return new ModelConfig(preset, vocabSize, dModel, heads, encoderLayers, decoderLayers, ffDim, maxSourceLen, maxTargetLen,
                dropout, copy, on, padId, bosId, eosId);
    }

    public void save(Path file) {
        Json.write(file, this);
    }

    public static ModelConfig load(Path file) {
        try {
            return Json.MAPPER.treeToValue(Json.readTree(file), ModelConfig.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadInputException(file + ": not a model config: " + e.getOriginalMessage());
        }
    }
}
