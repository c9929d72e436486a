package dev.retort.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.RetortException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * {@link BadInputException}, naming the file and line. {@code JsonlReaderFuzzTest} checks this. A line that
 * is not valid UTF-8 is a bad record like any other; a damaged gzip stream stops reading even with
 * {@link BadRecords#skipAndCount()}, because nothing after it can be trusted. Lines end at {@code \n}
 * (a {@code \r} before it is dropped), so line numbers match {@code wc -l} and editors; a first-line
 * byte-order mark is ignored.
 */
public final class JsonlReader implements Iterable<JsonRecord>, AutoCloseable {
    private static final String BYTE_ORDER_MARK = "\uFEFF";
    /** Longer lines are bad records: Jackson refuses strings over 20M characters anyway, and a binary file has no newlines. */
    static final int MAX_LINE_BYTES = 256 << 20;
    private final Path file;
    private final InputStream in;
    private final BadRecords badRecords;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    private byte[] line = new byte[1 << 12];
    private int lineLength;
    private boolean lineTooLong;
    private int maxLineBytes = MAX_LINE_BYTES;
    private long lineNumber;

    private JsonlReader(Path file, InputStream in, BadRecords badRecords) {
        this.file = file;
        this.in = in;
        this.badRecords = badRecords;
    }

    public static JsonlReader open(Path file, BadRecords badRecords) {
        try {
            InputStream in = Files.newInputStream(file);
            if (file.getFileName().toString().endsWith(".gz")) in = new GZIPInputStream(in, 1 << 16);
            return new JsonlReader(file, in, badRecords);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot open: " + describe(e), e);
        }
    }

    /** Lowers the line limit (tests). */
    JsonlReader maxLineBytes(int max) {
        this.maxLineBytes = max;
        return this;
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
        // Reads a line only when asked, so a caller's error on record n is reported before line n + 1 is read.
        return new Iterator<>() {
            private JsonRecord next;
            private boolean fetched;

            @Override
            public boolean hasNext() {
                if (!fetched) {
                    next = advance();
                    fetched = true;
                }
                return next != null;
            }

            @Override
            public JsonRecord next() {
                if (!hasNext()) throw new NoSuchElementException();
                fetched = false;
                return next;
            }
        };
    }

    private JsonRecord advance() {
        while (true) {
            try {
                if (!readLine()) return null;
            } catch (IOException e) {
                // truncated gzip, corrupt deflate data and friends: the rest of the file cannot be trusted
                throw BadInputException.at(file, lineNumber + 1, null, "cannot read: " + describe(e));
            }
            lineNumber++;
            if (lineTooLong) {
                badRecords.handle(BadInputException.at(file, lineNumber, null,
                        "line is longer than " + (maxLineBytes >> 20) + " MiB; is this a JSONL file?"));
                continue;
            }
            try {
                JsonRecord record = parseLine(file, lineNumber, line, lineLength);
                if (record != null) return record;
            } catch (BadInputException e) {
                badRecords.handle(e);
            }
        }
    }

    /**
     * The record on line {@code lineNumber} of {@code file}, given the line's bytes without its newline (a {@code \r}
     * before it already dropped), or null for a blank line. Bytes that are not UTF-8 or text that is not one JSON
     * object are a {@link BadInputException} naming the file and line; on line 1 a byte-order mark is ignored. What
     * {@link #iterator()} does for each line, for callers that split lines themselves (the Spark jobs).
     */
    public static JsonRecord parseLine(Path file, long lineNumber, byte[] bytes, int length) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw BadInputException.at(file, lineNumber, null, "not valid UTF-8 text; save the file as UTF-8");
        }
        if (lineNumber == 1 && text.startsWith(BYTE_ORDER_MARK)) text = text.substring(1);
        if (text.isBlank()) return null;
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node instanceof ObjectNode obj) return new JsonRecord(file, lineNumber, obj);
            throw BadInputException.at(file, lineNumber, null,
                    "expected a JSON object, found " + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT)));
        } catch (JsonProcessingException e) {
            String column = e.getLocation() != null && e.getLocation().getColumnNr() > 0 ? " (column " + e.getLocation().getColumnNr() + ")" : "";
            throw BadInputException.at(file, lineNumber, null, "malformed JSON" + column + ": " + e.getOriginalMessage());
        }
    }

    /**
     * The next line's bytes into {@code line[0..lineLength)}, without its {@code \n} or {@code \r\n}; false
     * at the end. Lines are split on bytes (0x0A never occurs inside a UTF-8 sequence), so a bad byte is
     * reported at its own line and the lines after it still read.
     */
    private boolean readLine() throws IOException {
        lineLength = 0;
        lineTooLong = false;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                limit = in.read(buffer);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    break;
                }
            }
            any = true;
            int start = pos;
            while (pos < limit && buffer[pos] != '\n') pos++;
            append(start, pos - start);
            if (pos < limit) {
                pos++; // the newline
                break;
            }
        }
        if (!any) return false;
        if (lineLength > 0 && line[lineLength - 1] == '\r') lineLength--;
        return true;
    }

    private void append(int from, int n) {
        if (n > maxLineBytes - lineLength) {
            lineTooLong = true; // keep scanning for the newline, stop storing
            return;
        }
        if (lineLength + n > line.length) line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
        System.arraycopy(buffer, from, line, lineLength, n);
        lineLength += n;
    }

    private static String describe(IOException e) {
        if (e instanceof EOFException) return "the file ends early (truncated download or copy?)";
        if (e instanceof ZipException) return "corrupt gzip data (" + e.getMessage() + ")";
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new RetortException("cannot close " + file, e);
        }
    }
}
