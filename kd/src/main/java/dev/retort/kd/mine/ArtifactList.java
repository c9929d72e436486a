package dev.retort.kd.mine;

import dev.retort.core.BadInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A file of Maven coordinates to mine: one {@code groupId:artifactId:version} a line; {@code #} comments and blank lines allowed. */
public final class ArtifactList {
    private static final Pattern GAV = Pattern.compile("[^:\\s]+:[^:\\s]+:[^:\\s]+");

    private ArtifactList() {
    }

    /** The coordinates in file order; a malformed line, an unreadable file or one without coordinates is a BadInputException. */
    public static List<String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the artifact list: " + e.getMessage(), e);
        }
        return parse(file, lines);
    }

    /** The coordinates in the lines of {@code file} (read by the caller, e.g. from HDFS); errors as {@link #read(Path)}. */
    public static List<String> parse(Path file, List<String> lines) {
        List<String> artifacts = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("#.*", "").strip();
            if (line.isEmpty()) continue;
            if (!GAV.matcher(line).matches())
                throw BadInputException.at(file, i + 1, null, "expected groupId:artifactId:version, found '" + line + "'");
            artifacts.add(line);
        }
        if (artifacts.isEmpty()) throw new BadInputException(file + ": no artifacts (one groupId:artifactId:version per line)");
        return artifacts;
    }
}
