package dev.retort.core.tensor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.io.AtomicFiles;
import dev.retort.core.io.DType;
import dev.retort.core.io.Json;
import dev.retort.core.io.NdArray;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors format (8-byte little-endian header length, JSON header, raw little-endian data), which
 * Python's {@code safetensors} and Hugging Face tools load directly. Used for model parameters.
 */
public final class Safetensors {
    private Safetensors() {
    }

    /**
     * Writes the tensors in the map's order, the metadata sorted by key, so the same tensors and metadata give the same
     * bytes in every run (a {@code Map.of}'s order changes from one JVM to the next).
     */
    public static void write(Path file, Map<String, NdArray> tensors, Map<String, String> metadata) {
        ObjectNode header = Json.object();
        if (!metadata.isEmpty()) header.set("__metadata__", Json.MAPPER.valueToTree(new java.util.TreeMap<>(metadata)));
        long offset = 0;
        for (var e : tensors.entrySet()) {
            NdArray a = e.getValue();
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", a.dtype().safetensorsName());
            var shape = entry.putArray("shape");
            for (long d : a.shape()) shape.add(d);
            long len = a.data().remaining();
            entry.putArray("data_offsets").add(offset).add(offset + len);
            offset += len;
        }
        byte[] headerBytes = Json.toJson(header).getBytes(StandardCharsets.UTF_8);
        int pad = (8 - headerBytes.length % 8) % 8;
        AtomicFiles.write(file, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length + pad);
            out.write(len.array());
            out.write(headerBytes);
            out.write(" ".repeat(pad).getBytes(StandardCharsets.US_ASCII));
            for (NdArray a : tensors.values()) {
                ByteBuffer d = a.data().duplicate();
                byte[] raw = new byte[d.remaining()];
                d.get(raw);
                out.write(raw);
            }
        });
    }

    /** Tensors in file order. */
    public static Map<String, NdArray> read(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (all.length < 8) throw new BadInputException(file + ": not a safetensors file (too short)");
        long headerLen = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLen < 2 || headerLen > all.length - 8) throw new BadInputException(file + ": not a safetensors file (bad header length)");
        JsonNode header;
        try {
            header = Json.MAPPER.readTree(new String(all, 8, (int) headerLen, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BadInputException(file + ": malformed safetensors header: " + e.getMessage());
        }
        if (!(header instanceof ObjectNode)) throw new BadInputException(file + ": malformed safetensors header: not a JSON object");
        int base = 8 + (int) headerLen;
        Map<String, NdArray> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals("__metadata__")) continue;
            out.put(e.getKey(), tensor(file, e.getKey(), e.getValue(), all, base));
        }
        return out;
    }

    private static NdArray tensor(Path file, String name, JsonNode v, byte[] all, int base) {
        String where = file + ": tensor '" + name + "': ";
        try {
            DType dtype = DType.fromSafetensors(v.path("dtype").asText());
            JsonNode s = v.path("shape");
            if (!s.isArray()) throw new BadInputException("no shape");
            long[] shape = new long[s.size()];
            for (int i = 0; i < shape.length; i++) {
                if (!s.get(i).canConvertToLong() || !s.get(i).isIntegralNumber()) throw new BadInputException("shape entry " + s.get(i) + " is not an integer");
                shape[i] = s.get(i).longValue();
            }
            JsonNode offsets = v.path("data_offsets");
            long begin = offsets.path(0).asLong(-1), end = offsets.path(1).asLong(-1);
            if (offsets.size() != 2 || begin < 0 || end < begin || end > all.length - base) {
                throw new BadInputException("data offsets " + offsets + " lie outside the file");
            }
            return new NdArray(dtype, shape, ByteBuffer.wrap(all, base + (int) begin, (int) (end - begin)));
        } catch (BadInputException e) {
            throw new BadInputException(where + e.getMessage());
        }
    }
}
