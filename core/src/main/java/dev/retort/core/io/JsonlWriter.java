package dev.retort.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.retort.core.RetortException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;

/**
 * Writes one JSON value per line. Two modes:
 * <ul>
 *   <li>{@link #create}: a whole output file, written to a temp file and renamed over the target by
 *       {@link #commit()} after it is forced to disk; closing without a commit (an exception, a killed run)
 *       discards the temp file, so readers see the previous file or none (gzip when the name ends in
 *       {@code .gz});</li>
 *   <li>{@link #append}: an append-only log (e.g. prediction tuples) whose {@link #sync()} forces written
 *       lines to disk, so a resumed run sees every line that was synced. Each line is serialized whole
 *       before it reaches the buffer, so the buffer only ever spills whole lines and a failed
 *       serialization writes nothing.</li>
 * </ul>
 */
public final class JsonlWriter implements AutoCloseable {
    private static final byte NEWLINE = '\n';
    private final Path target;
    private final Path tmp;
    private final OutputStream out;
    private final FileChannel channel;
    private final ObjectWriter writer = Json.MAPPER.writer();
    private boolean closed;

    private JsonlWriter(Path target, Path tmp, OutputStream out, FileChannel channel) {
        this.target = target;
        this.tmp = tmp;
        this.out = out;
        this.channel = channel;
    }

    public static JsonlWriter create(Path target) {
        Path tmp = null;
        try {
            tmp = AtomicFiles.newTempFile(target);
            OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
            if (target.getFileName().toString().endsWith(".gz")) out = new GZIPOutputStream(out, 1 << 16);
            return new JsonlWriter(target, tmp, out, null);
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw new RetortException("cannot create " + target + ": " + e.getMessage(), e);
        }
    }

    public static JsonlWriter append(Path target) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new JsonlWriter(target, null, new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16), ch);
        } catch (IOException e) {
            throw new RetortException("cannot open " + target + " for appending: " + e.getMessage(), e);
        }
    }

    /** Writes a record, a Map, or a JsonNode as one line. */
    public synchronized void write(Object value) {
        ensureOpen();
        byte[] line;
        try {
            line = writer.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
        try {
            out.write(line);
            out.write(NEWLINE);
        } catch (IOException e) {
            throw new RetortException("cannot write to " + target + ": " + e.getMessage(), e);
        }
    }

    /** Flushes and, for append logs, forces the lines to disk. */
    public synchronized void sync() {
        ensureOpen();
        try {
            out.flush();
            if (channel != null) channel.force(false);
        } catch (IOException e) {
            throw new RetortException("cannot flush " + target + ": " + e.getMessage(), e);
        }
    }

    /** Finishes a {@link #create}d file: closes it, forces it to disk and renames it over the target. */
    public synchronized void commit() {
        if (tmp == null) throw new IllegalStateException("commit() is for files opened with create()");
        ensureOpen();
        closed = true;
        boolean done = false;
        try {
            out.close();
            AtomicFiles.forceToDisk(tmp);
            AtomicFiles.move(tmp, target);
            done = true;
        } catch (IOException e) {
            throw new RetortException("cannot finish " + target + ": " + e.getMessage(), e);
        } finally {
            if (!done) AtomicFiles.deleteQuietly(tmp);
        }
    }

    /** Closes the stream; an uncommitted {@link #create}d file is discarded. Does nothing after {@link #commit()}. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            if (tmp == null) throw new RetortException("cannot close " + target + ": " + e.getMessage(), e);
        } finally {
            AtomicFiles.deleteQuietly(tmp);
        }
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException(target + " is already " + (tmp != null ? "committed or discarded" : "closed"));
    }
}
