package dev.retort.cli.route;

import dev.retort.route.SentenceTextEncoder;
import dev.retort.route.TextEncoder;

/** The text module's sentence embedders as route's {@link TextEncoder} (see {@link SentenceTextEncoder}). */
final class Encoders {
    private Encoders() {
    }

    static TextEncoder open(String name) {
        return SentenceTextEncoder.open(name);
    }
}
