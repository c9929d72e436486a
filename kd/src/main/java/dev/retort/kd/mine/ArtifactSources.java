package dev.retort.kd.mine;

import dev.retort.core.BadInputException;
import dev.retort.core.RetortException;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;

import java.nio.file.Path;
import java.util.List;

/**
 * Finds an artifact's {@code -sources.jar} and {@code -test-sources.jar} with Maven Resolver: the local
 * repository ({@code ~/.m2/repository}, or {@code -Dmaven.repo.local}) first, then Maven Central.
 */
public final class ArtifactSources {
    static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

    record Jars(String coordinates, Path sources, Path testSources) {
    }

    private final RepositorySystem system = new RepositorySystemSupplier().get();
    private final DefaultRepositorySystemSession session = new DefaultRepositorySystemSession();
    private final List<RemoteRepository> remotes = List.of(new RemoteRepository.Builder("central", "default", CENTRAL)
            .setPolicy(new RepositoryPolicy(true, RepositoryPolicy.UPDATE_POLICY_NEVER, RepositoryPolicy.CHECKSUM_POLICY_WARN)).build());

    public ArtifactSources() {
        Path local = Path.of(System.getProperty("maven.repo.local", Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        session.setLocalRepositoryManager(system.newLocalRepositoryManager(session, new LocalRepository(local.toFile())));
        session.setSystemProperties(System.getProperties());
    }

    /** @param coordinates {@code groupId:artifactId:version} */
    Jars resolve(String coordinates) {
        return new Jars(coordinates, sources(coordinates), testSources(coordinates));
    }

    /** The artifact's {@code -sources.jar} (main code only). */
    public Path sources(String coordinates) {
        return jar(gav(coordinates), "sources");
    }

    /** The artifact's {@code -test-sources.jar}. */
    public Path testSources(String coordinates) {
        return jar(gav(coordinates), "test-sources");
    }

    private static String[] gav(String coordinates) {
        String[] gav = coordinates.split(":");
        if (gav.length != 3 || List.of(gav).stream().anyMatch(String::isBlank))
            throw new BadInputException("--artifact " + coordinates + ": expected groupId:artifactId:version, e.g. org.apache.commons:commons-lang3:3.17.0");
        return gav;
    }

    private Path jar(String[] gav, String classifier) {
        var artifact = new DefaultArtifact(gav[0], gav[1], classifier, "jar", gav[2]);
        try {
            return system.resolveArtifact(session, new ArtifactRequest(artifact, remotes, null)).getArtifact().getFile().toPath();
        } catch (ArtifactResolutionException e) {
            throw new RetortException("cannot resolve " + artifact + " from ~/.m2 or Maven Central (" + rootMessage(e)
                    + "); check the coordinates and that the artifact publishes " + classifier + ", or mine local folders with --src and --test-src", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage();
    }
}
