package dev.retort.spark.sources;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.Rng;
import dev.retort.core.io.Json;
import dev.retort.kd.mine.ArtifactList;
import dev.retort.kd.mine.ArtifactSources;
import dev.retort.kd.pretrain.PretrainCorpus;
import dev.retort.spark.HadoopConf;
import dev.retort.spark.LocalStaging;
import dev.retort.spark.PartStore;
import dev.retort.spark.SparkRuntime;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code retort spark sources}: the unlabelled Java corpus of {@code retort kd pretrain --artifacts}, one partition per
 * artifact. Executors resolve each artifact's {@code -sources.jar} and keep its cleaned files
 * ({@link PretrainCorpus#artifactFiles}) as a part; the driver reads the parts in list order and runs the
 * single-machine {@link PretrainCorpus#assemble} (exclusions, cross-artifact dedup, the seeded held-out slice), so
 * {@code train.jsonl}, {@code held_out.jsonl} and the report are those {@code kd pretrain} builds with the same list,
 * exclusions, fraction and seed (its {@code corpus/} folder and the {@code corpus} object of its corpus_report.json).
 */
public final class SparkSources {
    static final List<String> OUTPUTS = List.of("train.jsonl", "held_out.jsonl", "corpus_report.json", "train.parquet", "held_out.parquet");
    private static final Pattern GAV = Pattern.compile("[^:\\s]+:[^:\\s]+:[^:\\s]+");

    /**
     * @param artifacts a G:A:V list file (any Hadoop path); {@code out} the output folder (any Hadoop path)
     * @param seed      kd pretrain's --seed: the held-out files are drawn from {@code Rng(seed).fork("held-out-files")}
     * @param parquet   also write {@code train.parquet} and {@code held_out.parquet} (artifact, path, text), in corpus order
     */
    public record Options(String artifacts, List<String> exclude, double heldOutFraction, long seed, String out, boolean parquet) {
        public Options {
            if (!(heldOutFraction > 0 && heldOutFraction < 1)) throw new BadInputException("--held-out-fraction must be in (0, 1), got " + heldOutFraction);
            for (String gav : exclude)
                if (!GAV.matcher(gav).matches()) throw new BadInputException("--exclude-artifacts: expected groupId:artifactId:version, found '" + gav + "'");
            exclude = List.copyOf(exclude);
        }
    }

    /** The corpus, and how many artifacts were read now and how many were done by an earlier run. */
    public record Result(PretrainCorpus corpus, int readNow, int reused) {
    }

    private SparkSources() {
    }

    public static Result run(SparkSession spark, Options o) {
        HadoopConf conf = HadoopConf.of(spark.sparkContext().hadoopConfiguration());
        List<String> artifacts = ArtifactList.parse(Path.of(o.artifacts()), conf.readLines(o.artifacts()));
        PartStore parts = PartStore.open(conf, o.out(), Json.object().put("job", "sources"));
        Set<String> excludedGroupArtifacts = new HashSet<>();
        for (String gav : o.exclude()) excludedGroupArtifacts.add(groupArtifact(gav));
        List<String> read = artifacts.stream().filter(a -> !excludedGroupArtifacts.contains(groupArtifact(a))).distinct().toList();
        List<Boolean> reused = read.isEmpty() ? List.of() : SparkRuntime.java(spark).parallelize(read, read.size())
                .map(artifact -> SourcesPart.readUnlessDone(parts, artifact)).collect();
        Map<String, SourcesPart.Outcome> outcomes = new HashMap<>();
        for (String a : read) outcomes.put(a, SourcesPart.read(parts, a));
        // the excluded artifacts' jars (for the exclusion texts and paths) are read here, on the driver, as kd pretrain reads them
        PretrainCorpus corpus = PretrainCorpus.assemble(artifacts, o.exclude(), SourcesPart.jars(new ArtifactSources()), gav -> {
            SourcesPart.Outcome outcome = outcomes.get(gav);
            if (outcome.files() == null) throw new ArtifactFailed(outcome.error());
            return new LinkedHashMap<>(outcome.files());
        }, o.heldOutFraction(), new Rng(o.seed()).fork("held-out-files"));
        outcomes.clear();
        publish(spark, conf, corpus, o);
        int done = (int) reused.stream().filter(b -> b).count();
        return new Result(corpus, read.size() - done, done);
    }

    /** An artifact that could not be read: the message its own exception had on the executor. */
    static final class ArtifactFailed extends RuntimeException {
        ArtifactFailed(String message) {
            super(message, null, false, false);
        }
    }

    static String groupArtifact(String gav) {
        return gav.substring(0, gav.lastIndexOf(':'));
    }

    private static void publish(SparkSession spark, HadoopConf conf, PretrainCorpus corpus, Options o) {
        try (LocalStaging staging = new LocalStaging("retort-spark-sources")) {
            PretrainCorpus.write(staging.resolve("train.jsonl"), corpus.train());
            PretrainCorpus.write(staging.resolve("held_out.jsonl"), corpus.heldOut());
            ObjectNode report = Json.object();
            report.set("corpus", Json.MAPPER.valueToTree(corpus.report()));
            Json.write(staging.resolve("corpus_report.json"), report);
            for (String name : List.of("train.jsonl", "held_out.jsonl", "corpus_report.json")) staging.publish(conf, name, o.out());
        }
        if (o.parquet()) {
            parquet(spark, corpus.train(), new org.apache.hadoop.fs.Path(o.out(), "train.parquet").toString());
            parquet(spark, corpus.heldOut(), new org.apache.hadoop.fs.Path(o.out(), "held_out.parquet").toString());
        }
    }

    private static void parquet(SparkSession spark, List<PretrainCorpus.SourceFile> files, String path) {
        List<Row> rows = files.stream().map(f -> RowFactory.create(f.artifact(), f.path(), f.text())).toList();
        StructType schema = new StructType().add("artifact", DataTypes.StringType, false).add("path", DataTypes.StringType, false)
                .add("text", DataTypes.StringType, false);
        spark.createDataFrame(rows, schema).coalesce(1).write().mode("overwrite").parquet(path);
    }
}
