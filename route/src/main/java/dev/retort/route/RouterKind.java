package dev.retort.route;

import dev.retort.core.BadInputException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which query transform answers a question; {@code raw} is the untouched embedding (the baseline). {@code weighted}
 * tilts centroid routing towards reliable clusters (down-weights uncertain ones); {@code uncertainty-weighted} is the
 * proposal's probability-weighted softmax, tilted the other way (up-weights uncertain ones).
 */
public enum RouterKind {
    RAW, CENTROID, QUESTION, WEIGHTED, UNCERTAINTY_WEIGHTED, ADAPTER, ADAPTER_MOE;

    public static RouterKind parse(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('_', '-');
        for (RouterKind k : values()) if (k.cliName().equals(n)) return k;
        throw new BadInputException("unknown router '" + name + "': use one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(RouterKind::cliName).collect(Collectors.joining(", "));
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    boolean federated() {
        return this == CENTROID || this == QUESTION || this == WEIGHTED || this == UNCERTAINTY_WEIGHTED;
    }
}
