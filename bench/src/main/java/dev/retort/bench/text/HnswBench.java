package dev.retort.bench.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.Engine;
import dev.retort.core.io.Json;
import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.SentenceEmbedder;
import dev.retort.text.index.ExactIndex;
import dev.retort.text.index.Hit;
import dev.retort.text.index.HnswIndex;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * retort side of bench/text/hnsw.sh: builds the JVector index (M 16, build beam 100) over the base vectors, then for
 * each search beam prints recall@10 against ExactIndex and single-thread queries/s over 1,000 queries, twice: on
 * N random unit vectors of dimension D (java.util.Random seed 0), the worst case for graph indexes (no cluster
 * structure), and on all-MiniLM-L6-v2 embeddings of the distinct text lines (20 to 400 characters) of every JSON,
 * JSONL and CSV file under DIR (the repository's {@code data/}: Q/A answers, LLM prompts, dilemmas, Java test code),
 * shuffled with seed 0: 1,000 of them are the queries, up to N the base. Usage: HnswBench N D DIR BEAM...
 */
public final class HnswBench {
    private static final int QUERIES = 1000;

    private HnswBench() {
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int d = Integer.parseInt(args[1]);
        List<String> beams = Arrays.asList(args).subList(3, args.length);
        Engine.start(new Engine.Config(Engine.Backend.CPU, 1, 0));
        Random rng = new Random(0);
        String random = measure(unit(rng, n, d), unit(rng, QUERIES, d), beams, n + " random unit vectors");
        List<String> texts = realTexts(Path.of(args[2]));
        int m = Math.min(n, texts.size() - QUERIES);
        float[][] base;
        float[][] queries;
        try (SentenceEmbedder e = SentenceEmbedder.open(EmbeddingModel.MINILM)) {
            queries = e.embedQueries(texts.subList(0, QUERIES));
            base = e.embedPassages(texts.subList(QUERIES, QUERIES + m));
        }
        System.out.println(random + " | " + measure(base, queries, beams, "minilm embeddings of " + m + " real text lines"));
    }

    static String measure(float[][] base, float[][] queries, List<String> beams, String what) {
        int d = base[0].length;
        ExactIndex exact = new ExactIndex(d);
        HnswIndex hnsw = new HnswIndex(d);
        for (float[] v : base) {
            exact.add(v, null);
            hnsw.add(v, null);
        }
        List<List<Hit>> truth = exact.search(queries, 10);
        long t0 = System.nanoTime();
        hnsw.search(queries[0], 10);                       // builds the graph
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "hnsw %s, d=%d M=16 build %.1fs", what, d, buildSeconds));
        for (String b : beams) {
            int beam = Integer.parseInt(b);
            hnsw.setSearchBeam(beam);
            hnsw.search(Arrays.copyOf(queries, 100), 10);   // warm-up
            long t = System.nanoTime();
            List<List<Hit>> found = hnsw.search(queries, 10);
            double seconds = (System.nanoTime() - t) / 1e9;
            line.append(String.format(Locale.ROOT, "; beam %d: recall@10 %.4f, %.0f queries/s", beam, recall(truth, found), queries.length / seconds));
        }
        return line.toString();
    }

    /** The distinct lines of 20–400 characters in the string values of DIR's JSON/JSONL files and the rows of its CSVs, shuffled (seed 0). */
    static List<String> realTexts(Path dir) {
        Set<String> texts = new TreeSet<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".jsonl")) {
                    for (String l : Files.readAllLines(f)) if (!l.isBlank()) strings(Json.MAPPER.readTree(l), texts);
                } else if (name.endsWith(".json")) {
                    strings(Json.readTree(f), texts);
                } else if (name.endsWith(".csv")) {
                    addLines(Files.readString(f), texts);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> shuffled = new ArrayList<>(texts);
        Collections.shuffle(shuffled, new Random(0));
        return shuffled;
    }

    private static void strings(JsonNode node, Set<String> out) {
        if (node.isTextual()) addLines(node.asText(), out);
        else node.forEach(child -> strings(child, out));
    }

    private static void addLines(String text, Set<String> out) {
        for (String l : text.split("\n")) {
            String s = l.strip();
            if (s.length() >= 20 && s.length() <= 400) out.add(s);
        }
    }

    static double recall(List<List<Hit>> truth, List<List<Hit>> found) {
        int hit = 0;
        int total = 0;
        for (int q = 0; q < truth.size(); q++) {
            Set<Integer> ids = new HashSet<>();
            for (Hit h : truth.get(q)) ids.add(h.id());
            for (Hit h : found.get(q)) if (ids.contains(h.id())) hit++;
            total += ids.size();
        }
        return (double) hit / total;
    }

    static float[][] unit(Random rng, int n, int d) {
        float[][] out = new float[n][d];
        for (float[] v : out) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                v[j] = (float) rng.nextGaussian();
                s += v[j] * v[j];
            }
            for (int j = 0; j < d; j++) v[j] /= (float) Math.sqrt(s);
        }
        return out;
    }
}
