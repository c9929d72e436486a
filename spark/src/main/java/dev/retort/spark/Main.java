package dev.retort.spark;

import java.io.PrintWriter;

/** Entry point of {@code retort spark} (the launcher runs it on the spark module's own classpath; spark-submit runs it too). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(dev.retort.cli.Main.run(new SparkCommand(), args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }
}
