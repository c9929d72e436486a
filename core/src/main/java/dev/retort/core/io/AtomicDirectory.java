package dev.retort.core.io;

import dev.retort.core.RetortException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.function.Consumer;

/**
 * Writes a whole directory (model, checkpoint) so that a reader sees the old one or the new one, never a mix:
 * the body fills a temp sibling, which then replaces the target by rename.
 */
public final class AtomicDirectory {
    private AtomicDirectory() {
    }

    public static void write(Path dir, Consumer<Path> body) {
        Path target = dir.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempDirectory(target.getParent(), target.getFileName() + ".tmp-");
            body.accept(tmp);
            if (Files.exists(target)) {
                Path old = target.resolveSibling(target.getFileName() + ".old-" + System.nanoTime());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            } else {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            tmp = null;
        } catch (IOException e) {
            throw new RetortException("cannot write " + dir + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    deleteTree(tmp);
                } catch (IOException ignored) {
                    // the temp directory is left behind; the target is untouched
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
