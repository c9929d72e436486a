package dev.retort.core.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.RetortException;
import dev.retort.core.io.Hashing;
import dev.retort.core.io.Json;
import dev.retort.core.report.MetricsLogger;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The folder one training or evaluation run writes into, starting with {@code run.json}: command line,
 * resolved config, seed, sha256 of every input file, JDK and libtorch versions, git commit when known.
 * Results are reproducible from {@code run.json} alone. Secrets never go into the config.
 */
public final class RunDirectory {
    public static final String RUN_JSON = "run.json";
    private final Path path;

    /** Directories {@link #create} made that did not exist before, in order. */
    private static final List<Path> CREATED = new ArrayList<>();

    private RunDirectory(Path path) {
        this.path = path;
    }

    /** {@code results/<pipeline>-<yyyyMMdd-HHmmss>} under the working directory. */
    public static Path defaultPath(String pipeline) {
        return Path.of("results", pipeline + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /**
     * Creates the directory (or reuses it when resuming) and writes {@code run.json}.
     *
     * @param outputDir where to write; null for {@link #defaultPath(String)}
     * @param config    the resolved options, as plain values (no API keys)
     * @param inputs    every input file the run reads; each is hashed (a directory: each file under it)
     */
    public static RunDirectory create(String pipeline, Path outputDir, List<String> commandLine,
                                      Map<String, ?> config, List<Path> inputs) {
        Path dir = outputDir != null ? outputDir : defaultPath(pipeline);
        ObjectNode json = Json.object();
        json.put("pipeline", pipeline);
        json.put("started", Instant.now().toString());
        json.set("command_line", Json.MAPPER.valueToTree(commandLine));
        json.set("config", Json.MAPPER.valueToTree(config));
        Engine engine = Engine.get();
        json.put("seed", engine.seed());
        json.put("threads", engine.threads());
        json.put("device", engine.backend().name().toLowerCase(Locale.ROOT));
        ObjectNode hashes = json.putObject("inputs"); // before the folder exists: a missing input leaves nothing behind
        for (Path p : inputs) for (Path f : filesOf(p)) hashes.put(f.toString(), "sha256:" + Hashing.sha256(f));
        ObjectNode versions = json.putObject("versions");
        String retort = RunDirectory.class.getPackage().getImplementationVersion();
        versions.put("retort", retort != null ? retort : "development build");
        versions.put("jdk", Runtime.version().toString());
        versions.put("libtorch", Engine.libtorchVersion());
        versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        String commit = gitCommit();
        if (commit != null) {
            versions.put("git_commit", commit);
            Boolean dirty = gitDirty();
            if (dirty != null) versions.put("git_dirty", dirty);
        }
        boolean fresh = !Files.exists(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BadInputException("cannot create output directory " + dir + ": " + e.getMessage(), e);
        }
        Json.write(dir.resolve(RUN_JSON), json);
        if (fresh) synchronized (CREATED) {
            CREATED.add(dir);
        }
        return new RunDirectory(dir);
    }

    /** How many run directories this JVM has created so far; pass it to {@link #discardEmptySince} after a failure. */
    public static int createdCount() {
        synchronized (CREATED) {
            return CREATED.size();
        }
    }

    /**
     * After a failed command: removes each run directory created since {@code mark} that holds nothing but its run.json,
     * so a run that failed before producing anything leaves no directory behind (a run with a checkpoint or outputs
     * keeps them, for --resume and for reading).
     */
    public static void discardEmptySince(int mark) {
        List<Path> since;
        synchronized (CREATED) {
            since = List.copyOf(CREATED.subList(Math.min(mark, CREATED.size()), CREATED.size()));
        }
        for (Path dir : since) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (!entries.allMatch(p -> p.getFileName().toString().equals(RUN_JSON))) continue;
                Files.deleteIfExists(dir.resolve(RUN_JSON));
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // best effort: the failure being reported matters more than this cleanup
            }
        }
    }

    /** The file itself, or every regular file under a directory input (a model folder) in path order. */
    private static List<Path> filesOf(Path input) {
        if (Files.isRegularFile(input)) return List.of(input);
        if (!Files.isDirectory(input)) throw new BadInputException(input + ": no such file");
        try (Stream<Path> walk = Files.walk(input)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(input + ": cannot list: " + e.getMessage(), e);
        }
    }

    /** An existing run directory, e.g. for {@code --resume} or evaluation of its outputs. */
    public static RunDirectory open(Path dir) {
        if (!Files.isDirectory(dir)) throw new BadInputException(dir + ": no such run directory");
        return new RunDirectory(dir);
    }

    public Path path() {
        return path;
    }

    public Path file(String name) {
        return path.resolve(name);
    }

    /**
     * Scalars to {@code <name>.csv} and TensorBoard events under {@code tensorboard/<name>/}, so that
     * {@code metrics("train")} and {@code metrics("eval")} show as two runs on one TensorBoard chart.
     */
    public MetricsLogger metrics(String name) {
        return new MetricsLogger(file(name + ".csv"), file("tensorboard").resolve(name));
    }

    /** As {@link #metrics(String)} for a run resumed after {@code upToStep}: the earlier rows up to that step are kept. */
    public MetricsLogger resumeMetrics(String name, long upToStep) {
        return MetricsLogger.resume(file(name + ".csv"), file("tensorboard").resolve(name), upToStep);
    }

    /**
     * HEAD of the git checkout retort's own code was loaded from (not the user's working directory, which
     * may be some other repository), or null (installed jar, no git).
     */
    static String gitCommit() {
        String out = git("rev-parse", "HEAD");
        return out != null && out.matches("[0-9a-f]{40}") ? out : null;
    }

    /** Whether tracked files differ from that commit, so the commit alone does not reproduce the run; null when unknown. */
    static Boolean gitDirty() {
        String out = git("status", "--porcelain", "--untracked-files=no");
        return out == null ? null : !out.isEmpty();
    }

    private static String git(String... args) {
        Path codeDir;
        try {
            codeDir = Path.of(RunDirectory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
        if (!Files.isDirectory(codeDir)) codeDir = codeDir.getParent(); // a jar: its folder
        List<String> command = new ArrayList<>(List.of("git", "-C", codeDir.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetortException("interrupted", e);
        }
    }
}
