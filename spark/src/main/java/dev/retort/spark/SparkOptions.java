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

    public SparkSession start(String appName) {
        Map<String, String> settings = new LinkedHashMap<>(conf);
        if (quiet) settings.putIfAbsent("spark.ui.showConsoleProgress", "false");
        return SparkRuntime.start(appName, master, settings);
    }
}
