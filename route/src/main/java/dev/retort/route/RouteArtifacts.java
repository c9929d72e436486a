package dev.retort.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.core.io.JsonlReader;
import dev.retort.core.io.JsonlWriter;
import dev.retort.core.io.NdArray;
import dev.retort.core.io.Npy;
import dev.retort.text.embed.TextEmbedder;
import dev.retort.text.embed.TextRole;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files of a route model directory besides the teacher tensors: {@code route-model.json} (encoder,
 * config, split, fit summary), {@code pairs.jsonl} (every pair with its held-out flag) and the embedding
 * cache {@code embeddings/questions.npy}, {@code embeddings/answers.npy} (one row per pair, file order), so
 * evaluation, distillation and queries never re-embed the data set.
 */
public final class RouteArtifacts {
    static final String CONFIG = "route-model.json";
    static final String PAIRS = "pairs.jsonl";
    static final String QUESTIONS = "embeddings/questions.npy";
    static final String ANSWERS = "embeddings/answers.npy";

    /** Everything in a model directory except the tensors. */
    public record Contents(String encoder, List<QaPair> pairs, boolean[] heldOut, float[][] questions, float[][] answers,
                           JsonNode manifest) {
        public int[] train() {
            return HeldOutSplit.where(heldOut, false);
        }

        public int[] heldOutRows() {
            return HeldOutSplit.where(heldOut, true);
        }

        public AnswerCorpus corpus() {
            return AnswerCorpus.of(pairs, answers);
        }
    }

    private RouteArtifacts() {
    }

    /** Embeddings of the pairs: from {@code cacheDir} when it holds them for the same encoder and texts, else computed. */
    public static float[][][] embed(List<QaPair> pairs, TextEmbedder encoder, Path cacheDir) {
        if (cacheDir != null) {
            Optional<float[][][]> cached = cached(cacheDir, encoder, pairs);
            if (cached.isPresent()) return cached.get();
        }
        float[][] q = encoder.embed(pairs.stream().map(QaPair::question).toList(), TextRole.QUERY);
        float[][] a = encoder.embed(pairs.stream().map(QaPair::answer).toList(), TextRole.PASSAGE);
        return new float[][][]{q, a};
    }

    /**
     * Cached question/answer embeddings in {@code dir} if encoder and texts match.
     *
     * @throws BadInputException when the cached vectors do not fit: a dimension other than the encoder's, or not one
     *                           row per pair (files replaced or edited after the fit)
     */
    public static Optional<float[][][]> cached(Path dir, TextEmbedder encoder, List<QaPair> pairs) {
        Path cfg = dir.resolve(CONFIG);
        if (!Files.isRegularFile(cfg) || !Files.isRegularFile(dir.resolve(QUESTIONS))) return Optional.empty();
        JsonNode m = Json.readTree(cfg);
        if (!encoder.name().equals(m.path("encoder").asText()) || !textsHash(pairs).equals(m.path("texts_sha256").asText())) return Optional.empty();
        return Optional.of(new float[][][]{cachedMatrix(dir.resolve(QUESTIONS), encoder, pairs.size()),
                cachedMatrix(dir.resolve(ANSWERS), encoder, pairs.size())});
    }

    private static float[][] cachedMatrix(Path file, TextEmbedder encoder, int rows) {
        NdArray a = Npy.read(file);
        long[] shape = a.shape();
        if (shape.length == 2 && shape[1] != encoder.dimension())
            throw new BadInputException(file + ": cached embeddings have dimension " + shape[1] + ", but encoder '" + encoder.name()
                    + "' produces " + encoder.dimension() + "; drop --embeddings-from to embed again, or pass a model directory fitted with this encoder");
        if (shape.length == 2 && shape[0] != rows)
            throw new BadInputException(file + ": " + shape[0] + " cached rows for " + rows + " pairs; drop --embeddings-from to embed again");
        try {
            return matrix(a);
        } catch (BadInputException e) {
            throw new BadInputException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes pairs, embeddings and {@code route-model.json} (atomically, each file). */
    public static void write(Path dir, String encoder, List<QaPair> pairs, boolean[] heldOut, float[][] questions, float[][] answers,
                             RouteConfig config, Map<String, ?> extra) {
        try {
            Files.createDirectories(dir.resolve("embeddings"));
        } catch (java.io.IOException e) {
            throw new BadInputException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        Npy.write(dir.resolve(QUESTIONS), flat(questions));
        Npy.write(dir.resolve(ANSWERS), flat(answers));
        try (JsonlWriter w = JsonlWriter.create(dir.resolve(PAIRS))) {
            for (int i = 0; i < pairs.size(); i++) {
                QaPair p = pairs.get(i);
                w.write(Map.of("pair_id", p.pairId(), "cluster_id", p.clusterId(), "question", p.question(), "answer", p.answer(),
                        "held_out", heldOut[i]));
            }
            w.commit();
        }
        ObjectNode json = Json.object();
        json.put("format", "retort-route/1");
        json.put("encoder", encoder);
        json.put("dimension", questions.length == 0 ? 0 : questions[0].length);
        json.put("pairs", pairs.size());
        json.put("held_out", HeldOutSplit.where(heldOut, true).length);
        json.put("texts_sha256", textsHash(pairs));
        json.set("route", Json.MAPPER.valueToTree(config));
        json.set("extra", Json.MAPPER.valueToTree(extra));
        Json.write(dir.resolve(CONFIG), json);
    }

    public static Contents read(Path dir) {
        Path cfg = dir.resolve(CONFIG);
        if (!Files.isRegularFile(cfg)) throw new BadInputException(dir + ": no " + CONFIG + "; pass a directory written by 'retort route fit'");
        JsonNode m = Json.readTree(cfg);
        List<QaPair> pairs = new ArrayList<>();
        List<Boolean> held = new ArrayList<>();
        for (var rec : JsonlReader.open(dir.resolve(PAIRS), BadRecords.failFast())) {
            pairs.add(new QaPair(rec.text("pair_id"), rec.text("cluster_id"), rec.text("question"), rec.text("answer")));
            held.add(rec.bool("held_out"));
        }
        boolean[] heldOut = new boolean[held.size()];
        for (int i = 0; i < heldOut.length; i++) heldOut[i] = held.get(i);
        return new Contents(m.path("encoder").asText(), pairs, heldOut, matrix(Npy.read(dir.resolve(QUESTIONS))),
                matrix(Npy.read(dir.resolve(ANSWERS))), m);
    }

    static RouteConfig readConfig(Path dir) {
        return Json.MAPPER.convertValue(Json.readTree(dir.resolve(CONFIG)).get("route"), RouteConfig.class);
    }

    static NdArray flat(float[][] rows) {
        int n = rows.length, d = n == 0 ? 0 : rows[0].length;
        float[] f = new float[n * d];
        for (int i = 0; i < n; i++) System.arraycopy(rows[i], 0, f, i * d, d);
        return NdArray.ofFloats(f, n, d);
    }

    static float[][] matrix(NdArray a) {
        if (a.shape().length != 2) throw new BadInputException("expected a 2-D embedding array, found shape " + java.util.Arrays.toString(a.shape()));
        int n = (int) a.shape()[0], d = (int) a.shape()[1];
        long bad = a.firstNonFinite();
        if (bad >= 0) throw new BadInputException("embedding array has a non-finite value at row " + bad / d);
        float[] f = a.toFloats();
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) System.arraycopy(f, i * d, out[i], 0, d);
        return out;
    }

    static String textsHash(List<QaPair> pairs) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (QaPair p : pairs) {
                md.update(p.question().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(p.answer().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 1);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
