package dev.retort.spark;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code retort spark}: the jobs that run on Apache Spark and write what the single-machine commands write. */
@Command(name = "retort spark",
        mixinStandardHelpOptions = true,
        description = {"Run retort jobs on Apache Spark: on all cores of this machine (--master local[*], the default), a standalone "
                + "cluster (--master spark://HOST:7077) or through spark-submit. Each job writes what its single-machine command writes "
                + "on the same input; inputs and outputs are Hadoop paths (local, hdfs://, s3a://). A job killed and rerun with the "
                + "same --out skips the partitions it finished (they are kept under OUT/_parts/)."},
        subcommands = {dev.retort.spark.mine.MineCommand.class, dev.retort.spark.sources.SourcesCommand.class,
                dev.retort.spark.logits.TeacherLogitsCommand.class, dev.retort.spark.generate.GenerateCommand.class, dev.retort.spark.embed.EmbedCommand.class,
                dev.retort.spark.score.ScoreApplyCommand.class},
        footer = {"", "Examples:",
                "  retort spark mine --artifacts data/kd/pretrain-artifacts.txt --out data/kd/many",
                "  retort spark teacher-logits --teacher results/teacher/best --data data/kd/train.jsonl --out logits.jsonl",
                "  retort spark generate --model results/teacher/best --data data/kd/test.jsonl --out generated.jsonl",
                "  retort spark embed data/skills-qa/skills_qa.jsonl --field answer --out embedded --index",
                "  retort spark <job> --help    # options and an example for each job",
                "", "Exit codes: 0 success, 1 the run failed, 2 bad input or usage. See docs/spark.md."})
public final class SparkCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
