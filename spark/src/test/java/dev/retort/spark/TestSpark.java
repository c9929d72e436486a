package dev.retort.spark;

import org.apache.spark.sql.SparkSession;

import java.util.Map;

/** One local[2] SparkSession for all test classes of this module (a session takes seconds to start); stopped at JVM exit. */
public final class TestSpark {
    private static SparkSession session;

    private TestSpark() {
    }

    public static synchronized SparkSession get() {
        if (session == null) {
            session = SparkRuntime.start("retort spark tests", "local[2]", Map.of("spark.ui.showConsoleProgress", "false"));
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }

    /** Stops the shared session (a JVM holds one SparkContext; the cluster test needs its own). */
    public static synchronized void stop() {
        if (session != null) session.stop();
        session = null;
    }
}
