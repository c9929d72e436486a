package dev.retort.cli;

import picocli.CommandLine.Command;

/** The {@code retort} command: one subcommand group per pipeline plus the shared tools. */
@Command(name = "retort",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Teach small models from big ones, and know when to trust them.",
        subcommands = {
                dev.retort.cli.text.QuickstartCommand.class, dev.retort.cli.text.EmbedCommand.class, dev.retort.cli.text.IndexCommand.class,
                dev.retort.cli.kd.KdCommand.class,
                dev.retort.cli.route.RouteCommand.class,
                dev.retort.cli.elicit.ElicitCommand.class,
                dev.retort.cli.score.ScoreCommand.class,
                ProvenanceCommand.class,
                dev.retort.cli.serve.ServeCommand.class,
        },
        footer = {"", "Examples:",
                "  retort <command> --help    # options and an example for each command",
                "  retort spark --help        # the same jobs on Apache Spark (module spark, its own classpath; docs/spark.md)",
                "", "Exit codes: 0 success, 1 the run failed, 2 bad input or usage."})
public final class RetortCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
