package dev.retort.spark;

import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --master} and {@code --conf}, for every Spark job. Mix in with {@code @Mixin SparkOptions spark;}. */
public final class SparkOptions {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[*] (default, all cores of this machine), local[N], spark://HOST:7077; under spark-submit its --master wins.")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "A Spark setting (repeatable), e.g. --conf spark.executor.memory=4g --conf spark.hadoop.fs.s3a.endpoint=…")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = {"-q", "--quiet"}, description = "No stage progress on the console.")
    boolean quiet;

    /** Runs {@code job} on a session started for {@code appName}, and stops the session however the job ends. */
    public <T> T run(String appName, java.util.function.Function<SparkSession, T> job) {
        SparkSession session = start(appName);
        try {
            return job.apply(session);
        } finally {
            session.stop();
        }
    }

    private SparkSession start(String appName) {
        Map<String, String> settings = new LinkedHashMap<>(conf);
        if (quiet) settings.putIfAbsent("spark.ui.showConsoleProgress", "false");
        return SparkRuntime.start(appName, master, settings);
    }
}
