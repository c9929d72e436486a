package dev.retort.spark;

import dev.retort.kd.mine.ArtifactSources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Seeds a test's own Maven local repository with real artifacts' source jars, so that the code under test (pointed at it
 * with {@code -Dmaven.repo.local}) resolves them without the network and sees nothing else. Each jar is resolved first
 * through the user's repository ({@code ~/.m2}, downloading from Maven Central when it is missing there), then copied
 * with the {@code _remote.repositories} record that tells Maven Resolver it came from Central.
 */
public final class PrivateRepository {
    private PrivateRepository() {
    }

    /** Copies the {@code -sources.jar} of {@code coordinates}, and its {@code -test-sources.jar} too when asked. */
    public static void copy(Path repo, String coordinates, boolean testSources) throws IOException {
        ArtifactSources maven = new ArtifactSources();
        String[] gav = coordinates.split(":");
        Path dir = Files.createDirectories(repo.resolve(Path.of(gav[0].replace('.', '/'), gav[1], gav[2])));
        List<Path> jars = testSources ? List.of(maven.sources(coordinates), maven.testSources(coordinates)) : List.of(maven.sources(coordinates));
        StringBuilder remote = new StringBuilder();
        for (Path jar : jars) {
            Files.copy(jar, dir.resolve(jar.getFileName()));
            remote.append(jar.getFileName()).append(">central=\n");
        }
        Files.writeString(dir.resolve("_remote.repositories"), remote);
    }
}
