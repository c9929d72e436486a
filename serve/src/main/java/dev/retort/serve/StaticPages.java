package dev.retort.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The page at {@code /} and its script, read once from this module's resources (plain HTML and JS, nothing external). */
final class StaticPages {
    private final byte[] index = read("static/index.html");
    private final byte[] script = read("static/app.js");

    Reply index() {
        return Reply.bytes("text/html; charset=utf-8", index);
    }

    Reply script() {
        return Reply.bytes("text/javascript; charset=utf-8", script);
    }

    private static byte[] read(String name) {
        try (InputStream in = StaticPages.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("resource " + name + " is missing from the serve module");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
