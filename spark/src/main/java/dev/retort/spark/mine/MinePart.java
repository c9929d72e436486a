package dev.retort.spark.mine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.RetortException;
import dev.retort.core.io.Json;
import dev.retort.core.io.JsonlReader;
import dev.retort.core.report.Progress;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.mine.ArtifactSources;
import dev.retort.kd.mine.AssertionMiner;
import dev.retort.kd.mine.MineCounts;
import dev.retort.spark.PartStore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One artifact's mining outcome as a part file: a header line ({@code artifact}, {@code status} mined or failed, and
 * {@code counts} or {@code error}), then one line per example as {@code retort kd mine} writes it.
 */
final class MinePart {
    private MinePart() {
    }

    /** A file name for the artifact: its coordinates made file-safe, and a hash so two never share one. */
    static String name(String artifact) {
        String hash = HexFormat.of().formatHex(sha256(artifact), 0, 4);
        return artifact.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + hash + ".jsonl";
    }

    /** Mines {@code artifact} into its part unless the part is there already; true when it was (nothing mined). */
    static boolean mineUnlessDone(PartStore parts, String artifact, AssertionMiner.Options options) {
        if (parts.has(name(artifact))) return true;
        Progress.setMode(Progress.Mode.QUIET);   // Spark's stage progress stands for it
        AssertionMiner.Outcome outcome = AssertionMiner.mineOne(AssertionMiner.Corpus.tryResolve(artifact, new ArtifactSources()), options);
        parts.commit(name(artifact), out -> write(outcome, out));
        return false;
    }

    static void write(AssertionMiner.Outcome outcome, OutputStream out) throws IOException {
        ObjectNode header = Json.object().put("artifact", outcome.artifact());
        List<AssertionExample> examples = List.of();
        switch (outcome) {
            case AssertionMiner.Failed f -> header.put("status", "failed").put("error", f.error());
            case AssertionMiner.Mined m -> {
                header.put("status", "mined").set("counts", m.counts().toJson());
                examples = m.examples();
            }
        }
        out.write(line(header));
        for (AssertionExample e : examples) out.write(line(AssertionDataset.toJson(e)));
    }

    static AssertionMiner.Outcome read(PartStore parts, String artifact) {
        String name = name(artifact);
        Path origin = Path.of(parts.path(name).toString());
        try (BufferedReader r = new BufferedReader(new InputStreamReader(parts.open(name), StandardCharsets.UTF_8))) {
            JsonNode header = Json.MAPPER.readTree(r.readLine());
            if (!header.path("artifact").asText().equals(artifact)) throw new IOException("the part is of " + header.path("artifact"));
            if (header.path("status").asText().equals("failed"))
                return new AssertionMiner.Failed(artifact, header.path("error").asText(), null);
            List<AssertionExample> examples = new ArrayList<>();
            long lineNumber = 1;
            for (String line; (line = r.readLine()) != null; ) {
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                examples.add(AssertionDataset.parse(JsonlReader.parseLine(origin, ++lineNumber, bytes, bytes.length)));
            }
            return new AssertionMiner.Mined(artifact, examples, MineCounts.fromJson(header.path("counts")));
        } catch (IOException | RuntimeException e) {
            throw new RetortException(origin + ": cannot read the mined part of " + artifact + " (" + e.getMessage()
                    + "); delete it and rerun to mine the artifact again", e);
        }
    }

    private static byte[] line(JsonNode node) throws IOException {
        return (Json.MAPPER.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
