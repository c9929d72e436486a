package dev.retort.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.RetortException;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Streams a JSONL file (gzip when the name ends in {@code .gz}) one object per non-blank line, holding one
 * line in memory at a time. Lines that are not JSON objects go to the {@link BadRecords} policy with their
 * file and line number.
 *
 * <p>Contract: whatever the bytes of the file (random data, a truncated or corrupt gzip stream, invalid
 * UTF-8, deeply nested or huge values), the only exception that leaves this class is
 * {@link BadInputException}, naming the file and line. {@code JsonlReaderFuzzTest} checks this. Text that
 * is not valid UTF-8 or a damaged gzip stream stops reading even with {@link BadRecords#skipAndCount()},
 * because the line boundaries after it cannot be trusted; a first-line byte-order mark is ignored.
 */
public final class JsonlReader implements Iterable<JsonRecord>, AutoCloseable {
    private static final String BYTE_ORDER_MARK = "\uFEFF";
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
            // REPORT, not the default REPLACE: bytes that are not UTF-8 are an error at their line, never U+FFFD
            var utf8 = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            return new JsonlReader(file, new BufferedReader(new InputStreamReader(in, utf8), 1 << 16), badRecords);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot open: " + describe(e), e);
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
            } catch (CharacterCodingException e) {
                // the rest of the stream cannot be decoded reliably: this stops even when skipping
                throw BadInputException.at(file, lineNumber + 1, null, "not valid UTF-8 text; save the file as UTF-8");
            } catch (IOException e) {
                // truncated gzip, corrupt deflate data and friends: content errors at a known line
                throw BadInputException.at(file, lineNumber + 1, null, "cannot read: " + describe(e));
            } catch (UncheckedIOException e) {
                throw BadInputException.at(file, lineNumber + 1, null, "cannot read: " + describe(e.getCause()));
            }
            if (line == null) return null;
            lineNumber++;
            if (lineNumber == 1 && line.startsWith(BYTE_ORDER_MARK)) line = line.substring(1);
            if (line.isBlank()) continue;
            try {
                JsonNode node = Json.MAPPER.readTree(line);
                if (node instanceof ObjectNode obj) return new JsonRecord(file, lineNumber, obj);
                badRecords.handle(BadInputException.at(file, lineNumber, null,
                        "expected a JSON object, found " + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT))));
            } catch (JsonProcessingException e) {
                String column = e.getLocation() != null && e.getLocation().getColumnNr() > 0 ? " (column " + e.getLocation().getColumnNr() + ")" : "";
                badRecords.handle(BadInputException.at(file, lineNumber, null, "malformed JSON" + column + ": " + e.getOriginalMessage()));
            }
        }
    }

    private static String describe(IOException e) {
        if (e instanceof EOFException) return "the file ends early (truncated download or copy?)";
        if (e instanceof ZipException) return "corrupt gzip data (" + e.getMessage() + ")";
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
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
