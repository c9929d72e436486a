package dev.retort.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import static org.apache.spark.sql.functions.col;

/**
 * A table of JSON records in file order, from JSONL (any Hadoop path and codec) or Parquet (Spark's own reader), as
 * numbered byte lines that {@link dev.retort.core.io.JsonlReader#parseLine} turns into records, so the jobs check each
 * record with the single-machine code and report a bad one with its file and number.
 * <ul>
 *   <li>JSONL: every line, numbered as {@code JsonlReader} numbers them (lines end at {@code \n}, a {@code \r} before it
 *       dropped; blank lines are kept here and come back as null from {@code parseLine}).</li>
 *   <li>Parquet ({@code .parquet}, a file or a folder of part files): each row as the JSON object Spark's
 *       {@code toJSON} writes (null columns left out), numbered from 1 in the order of file path, then row index in
 *       the file ({@code _metadata.row_index}) — Spark's file splits are not read in file order by themselves.</li>
 * </ul>
 */
public final class TableInput {
    private TableInput() {
    }

    /** One line: its number (1-based line of a JSONL file, row of the Parquet input) and its bytes. */
    public record Line(long number, byte[] bytes) implements Serializable {
    }

    public static boolean isParquet(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p.endsWith(".parquet");
    }

    public static JavaRDD<Line> read(SparkSession spark, String path) {
        return isParquet(path) ? parquet(spark, path) : lines(spark, path);
    }

    /** The lines of a text file (JSONL, CSV), numbered from 1, each without its {@code \n} and a {@code \r} before it. */
    public static JavaRDD<Line> lines(SparkSession spark, String path) {
        Configuration conf = new Configuration(spark.sparkContext().hadoopConfiguration());
        conf.set("textinputformat.record.delimiter", "\n");   // not \r: JsonlReader keeps a lone \r inside a line
        return SparkRuntime.java(spark).newAPIHadoopFile(path, TextInputFormat.class, LongWritable.class, Text.class, conf)
                .map(t -> {
                    byte[] b = t._2().getBytes();                       // Hadoop reuses its Text objects: copy
                    int n = t._2().getLength();
                    if (n > 0 && b[n - 1] == '\r') n--;
                    return Arrays.copyOf(b, n);
                })
                .zipWithIndex()
                .map(t -> new Line(t._2() + 1, t._1()));
    }

    private static JavaRDD<Line> parquet(SparkSession spark, String path) {
        Dataset<Row> rows = spark.read().parquet(path);
        String[] columns = rows.columns();
        Dataset<Row> ordered = rows.select(col("*"), col("_metadata.file_path").as("__retort_file"), col("_metadata.row_index").as("__retort_row"))
                .orderBy("__retort_file", "__retort_row")
                .select(Arrays.stream(columns).map(c -> col("`" + c + "`")).toArray(org.apache.spark.sql.Column[]::new));
        return ordered.toJSON().javaRDD().zipWithIndex().map(t -> new Line(t._2() + 1, t._1().getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes JSON records (one object per string) as a Parquet file with Spark's writer; the schema is inferred from them. */
    public static void writeParquet(SparkSession spark, java.util.List<String> json, String path) {
        spark.read().json(spark.createDataset(json, org.apache.spark.sql.Encoders.STRING())).coalesce(1).write().mode("overwrite").parquet(path);
    }
}
