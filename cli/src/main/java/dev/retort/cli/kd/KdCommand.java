package dev.retort.cli.kd;

import picocli.CommandLine.Command;

/** {@code retort kd}: the assertion-distillation pipeline. */
@Command(name = "kd",
        mixinStandardHelpOptions = true,
        description = "Assertion distillation: mine test/focal pairs, train a teacher, export its logits, distill a student.",
        subcommands = {TrainTeacherCommand.class, TeacherLogitsCommand.class, DistillCommand.class, EvaluateCommand.class,
                GenerateCommand.class},
        footer = {"", "Example:", "  retort kd train-teacher --help", "  retort kd distill --help"})
public final class KdCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
