package dev.retort.spark.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.RetortException;
import dev.retort.core.io.Json;
import dev.retort.kd.mine.ArtifactSources;
import dev.retort.kd.pretrain.PretrainCorpus;
import dev.retort.spark.PartStore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One artifact's pretraining files as a part: a header line ({@code artifact}, {@code status} ok or failed, and
 * {@code error}), then one {@code {"path", "text"}} line per {@code .java} file of its {@code -sources.jar}, cleaned
 * by {@link PretrainCorpus#artifactFiles} and in the jar's order.
 */
final class SourcesPart {
    private SourcesPart() {
    }

    /** The files of an artifact, or why they could not be read ({@code files} null then). */
    record Outcome(String artifact, Map<String, String> files, String error) {
    }

    static String name(String artifact) {
        String hash;
        try {
            hash = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(artifact.getBytes(StandardCharsets.UTF_8)), 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return artifact.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + hash + ".jsonl";
    }

    /** Reads the artifact's -sources.jar (the executor's ~/.m2, else Maven Central) into its part unless it is there; true when it was. */
    static boolean readUnlessDone(PartStore parts, String artifact) {
        if (parts.has(name(artifact))) return true;
        ArtifactSources maven = new ArtifactSources();
        Outcome outcome;
        try {
            outcome = new Outcome(artifact, PretrainCorpus.artifactFiles(artifact, jars(maven)), null);
        } catch (RuntimeException e) {
            outcome = new Outcome(artifact, null, e.getMessage());
        }
        Outcome o = outcome;
        parts.commit(name(artifact), out -> write(o, out));
        return false;
    }

    static PretrainCorpus.SourceJars jars(ArtifactSources maven) {
        return new PretrainCorpus.SourceJars() {
            @Override
            public Path sources(String coordinates) {
                return maven.sources(coordinates);
            }

            @Override
            public Path testSources(String coordinates) {
                return maven.testSources(coordinates);
            }
        };
    }

    static void write(Outcome o, OutputStream out) throws IOException {
        ObjectNode header = Json.object().put("artifact", o.artifact()).put("status", o.files() == null ? "failed" : "ok");
        if (o.files() == null) header.put("error", o.error());
        out.write(line(header));
        if (o.files() == null) return;
        for (var f : o.files().entrySet()) out.write(line(Json.object().put("path", f.getKey()).put("text", f.getValue())));
    }

    static Outcome read(PartStore parts, String artifact) {
        String name = name(artifact);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(parts.open(name), StandardCharsets.UTF_8))) {
            JsonNode header = Json.MAPPER.readTree(r.readLine());
            if (!header.path("artifact").asText().equals(artifact)) throw new IOException("the part is of " + header.path("artifact"));
            if (header.path("status").asText().equals("failed")) return new Outcome(artifact, null, header.path("error").textValue());
            Map<String, String> files = new LinkedHashMap<>();
            for (String line; (line = r.readLine()) != null; ) {
                JsonNode f = Json.MAPPER.readTree(line);
                files.put(f.get("path").textValue(), f.get("text").textValue());
            }
            return new Outcome(artifact, files, null);
        } catch (IOException | RuntimeException e) {
            throw new RetortException(parts.path(name) + ": cannot read the sources part of " + artifact + " (" + e.getMessage()
                    + "); delete it and rerun to read the artifact again", e);
        }
    }

    private static byte[] line(JsonNode node) throws IOException {
        return (Json.MAPPER.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
