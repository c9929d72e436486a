package dev.retort.core.io;

import dev.retort.core.RetortException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Writes a file so that readers see either the old content or the whole new content: the bytes go to a
 * temporary file in the same directory, are forced to disk, and the file is renamed over the target.
 * A run killed mid-write leaves at most a stray {@code .tmp} file, never a half-written model.
 */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(Path target, Body body) {
        Path tmp = null;
        boolean done = false;
        try {
            tmp = newTempFile(target);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                body.writeTo(out); // the body may close the stream itself (Jackson does)
            }
            forceToDisk(tmp);
            move(tmp, target);
            done = true;
        } catch (IOException e) {
            throw new RetortException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (!done) deleteQuietly(tmp);
        }
    }

    /**
     * A new empty hidden file next to {@code target} ({@code .name.<random>.tmp}), creating the directory.
     * Unlike {@link Files#createTempFile} it gets the process umask's permissions, so the renamed result is
     * as readable as any other file the user writes (createTempFile would make it owner-only).
     */
    static Path newTempFile(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        while (true) {
            Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                // another writer drew the same name: draw again
            }
        }
    }

    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static void writeBytes(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    /**
     * Renames {@code tmp} over {@code target}, atomically where the file system allows, then forces the
     * directory entry to disk so the rename itself survives a crash.
     */
    public static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel dir = FileChannel.open(target.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: some file systems cannot open or sync a directory; the data itself is on disk
        }
    }

    static void forceToDisk(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the temp file is hidden and named after its target
        }
    }
}
