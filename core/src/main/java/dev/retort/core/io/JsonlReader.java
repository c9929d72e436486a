package dev.retort.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.RetortException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * Streams a JSONL file (gzip when the name ends in {@code .gz}) one object per non-blank line, holding one
 * line in memory at a time. Lines that are not JSON objects go to the {@link BadRecords} policy with their
 * file and line number. The only exception that leaves this class for bad content is {@link BadInputException}.
 */
public final class JsonlReader implements Iterable<JsonRecord>, AutoCloseable {
    private final Path file;
    private final BufferedReader reader;
    private final BadRecords badRecords;
    private long lineNumber;

    private JsonlReader(Path file, BufferedReader reader, BadRecords badRecords) {
        this.file = file;
        this.reader = reader;
        this.badRecords = badRecords;
    }

    public static JsonlReader open(Path file, BadRecords badRecords) {
        try {
            InputStream in = Files.newInputStream(file);
            if (file.getFileName().toString().endsWith(".gz")) in = new GZIPInputStream(in, 1 << 16);
            return new JsonlReader(file, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16), badRecords);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot open: " + e.getMessage(), e);
        }
    }

    /** Reads every record and converts it with {@code parse}; a conversion's BadInputException goes to the policy. */
    public static <T> List<T> readAll(Path file, BadRecords badRecords, Function<JsonRecord, T> parse) {
        List<T> out = new ArrayList<>();
        try (JsonlReader r = open(file, badRecords)) {
            for (JsonRecord rec : r) {
                try {
                    out.add(parse.apply(rec));
                } catch (BadInputException e) {
                    badRecords.handle(e);
                }
            }
        }
        return out;
    }

    public static List<JsonRecord> readAll(Path file) {
        return readAll(file, BadRecords.failFast(), Function.identity());
    }

    @Override
    public Iterator<JsonRecord> iterator() {
        return new Iterator<>() {
            private JsonRecord next = advance();

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public JsonRecord next() {
                if (next == null) throw new NoSuchElementException();
                JsonRecord r = next;
                next = advance();
                return r;
            }
        };
    }

    private JsonRecord advance() {
        while (true) {
            String line;
            try {
                line = reader.readLine();
            } catch (IOException e) {
                // truncated gzip, bad UTF-8 and friends: content errors at a known line
                throw BadInputException.at(file, lineNumber + 1, null, "cannot read: " + e.getMessage());
            } catch (UncheckedIOException e) {
                throw BadInputException.at(file, lineNumber + 1, null, "cannot read: " + e.getCause().getMessage());
            }
            if (line == null) return null;
            lineNumber++;
            if (line.isBlank()) continue;
            try {
                JsonNode node = Json.MAPPER.readTree(line);
                if (node instanceof ObjectNode obj) return new JsonRecord(file, lineNumber, obj);
                badRecords.handle(BadInputException.at(file, lineNumber, null,
                        "expected a JSON object, found " + (node == null ? "nothing" : node.getNodeType().name().toLowerCase())));
            } catch (JsonProcessingException e) {
                badRecords.handle(BadInputException.at(file, lineNumber, null, "malformed JSON: " + e.getOriginalMessage()));
            }
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new RetortException("cannot close " + file, e);
        }
    }
}
