package dev.retort.text.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.retort.core.BadInputException;
import dev.retort.core.RetortException;
import dev.retort.core.io.Json;
import dev.retort.core.io.NdArray;
import dev.retort.core.io.Npy;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The vectors (one float[] row each) and metadata of an index, with the checks every index applies. */
final class VectorStore {
    static final String VECTORS = "vectors.npy";
    static final String METADATA = "metadata.jsonl";
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final int dimension;
    private final List<float[]> rows = new ArrayList<>();
    private final List<Map<String, Object>> metadata = new ArrayList<>();

    VectorStore(int dimension) {
        if (dimension < 1) throw new BadInputException("index dimension must be ≥ 1, got " + dimension);
        this.dimension = dimension;
    }

    int dimension() {
        return dimension;
    }

    int size() {
        return rows.size();
    }

    float[] row(int id) {
        return rows.get(id);
    }

    List<float[]> rows() {
        return Collections.unmodifiableList(rows);
    }

    Map<String, Object> metadata(int id) {
        return metadata.get(id);
    }

    int add(float[] vector, Map<String, Object> meta) {
        check(vector, "vector");
        if (rows.size() == Integer.MAX_VALUE) throw new BadInputException("index is full (2^31 - 1 vectors)");
        rows.add(vector.clone());
        metadata.add(meta == null || meta.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(meta)));
        return rows.size() - 1;
    }

    void checkQueries(float[][] queries, int k) {
        if (k < 1) throw new BadInputException("k must be ≥ 1, got " + k);
        for (int i = 0; i < queries.length; i++) check(queries[i], "query " + i);
    }

    /** Rows id in [from, to) as one row-major block [to - from, dimension]. */
    float[] flatten(List<float[]> source, int from, int to) {
        float[] out = new float[Math.multiplyExact(to - from, dimension)];
        for (int i = from; i < to; i++) System.arraycopy(source.get(i), 0, out, (i - from) * dimension, dimension);
        return out;
    }

    private void check(float[] v, String what) {
        if (v == null) throw new BadInputException(what + " is missing");
        if (v.length != dimension) {
            throw new BadInputException(what + " has dimension " + v.length + ", but the index holds " + dimension
                    + "-d vectors; embed with the model that built the index");
        }
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) throw new BadInputException(what + " has a non-finite value (" + v[i] + ") at component " + i);
        }
    }

    /** vectors.npy [n, d] float32 and metadata.jsonl, one object per vector, into {@code dir}. */
    void save(Path dir) throws IOException {
        Npy.write(dir.resolve(VECTORS), NdArray.ofFloats(flatten(rows, 0, rows.size()), rows.size(), dimension));
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(METADATA), StandardCharsets.UTF_8)) {
            for (Map<String, Object> m : metadata) {
                w.write(Json.toJson(m));
                w.newLine();
            }
        }
    }

    static VectorStore load(Path dir, int dimension, int size) {
        VectorStore store = new VectorStore(dimension);
        Path vectorsFile = dir.resolve(VECTORS);
        NdArray array = Npy.read(vectorsFile);
        long[] shape = array.shape();
        if (shape.length != 2 || shape[0] != size || shape[1] != dimension) {
            throw new BadInputException(vectorsFile + ": shape " + java.util.Arrays.toString(shape) + " does not match config.json ("
                    + size + " × " + dimension + ")");
        }
        float[] flat = array.toFloats();
        Path metaFile = dir.resolve(METADATA);
        try (BufferedReader r = Files.newBufferedReader(metaFile, StandardCharsets.UTF_8)) {
            for (int i = 0; i < size; i++) {
                String line = r.readLine();
                if (line == null) throw BadInputException.at(metaFile, i + 1, null, "missing: expected " + size + " lines");
                Map<String, Object> meta;
                try {
                    meta = Json.MAPPER.readValue(line, MAP);
                } catch (JsonProcessingException e) {
                    throw BadInputException.at(metaFile, i + 1, null, "malformed JSON: " + e.getOriginalMessage());
                }
                float[] row = java.util.Arrays.copyOfRange(flat, i * dimension, (i + 1) * dimension);
                try {
                    store.add(row, meta);
                } catch (BadInputException e) {
                    throw new BadInputException(vectorsFile + ": row " + i + ": " + e.getMessage());
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BadInputException(metaFile + ": no such file; is this an index directory?");
        } catch (IOException e) {
            throw new RetortException("cannot read " + metaFile + ": " + e.getMessage(), e);
        }
        return store;
    }
}
