package dev.retort.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.util.Map;

/**
 * Starts the SparkSession the jobs run in. Settings from {@code spark-submit} (system properties) win; then
 * {@code --master} (default {@code local[*]}) and each {@code --conf}. Local masters bind the driver to 127.0.0.1
 * (Spark 4.2 on JDK 25 needs it on machines whose host name does not resolve), the web UI is off and the console
 * shows Spark's stage progress unless a setting says otherwise.
 */
public final class SparkRuntime {
    public static final String DEFAULT_MASTER = "local[*]";

    private SparkRuntime() {
    }

    public static SparkSession start(String appName, String master, Map<String, String> settings) {
        SparkConf conf = new SparkConf();
        if (master != null) conf.setMaster(master);
        else conf.setIfMissing("spark.master", DEFAULT_MASTER);
        conf.setIfMissing("spark.app.name", appName);
        settings.forEach(conf::set);
        conf.setIfMissing("spark.ui.enabled", "false");
        conf.setIfMissing("spark.ui.showConsoleProgress", "true");
        // executors load ONNX Runtime and libtorch natives; Spark adds its own --add-opens list to these options
        conf.setIfMissing("spark.executor.extraJavaOptions", "--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Djava.awt.headless=true");
        // libtorch and OpenBLAS at one thread per task: an executor with C cores runs C tasks, each on its own core
        conf.setIfMissing("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }

    public static JavaSparkContext java(SparkSession spark) {
        return JavaSparkContext.fromSparkContext(spark.sparkContext());
    }
}
