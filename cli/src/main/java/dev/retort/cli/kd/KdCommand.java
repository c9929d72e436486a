package dev.retort.cli.kd;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code retort kd}: assertion-generation knowledge distillation. */
@Command(name = "kd",
        mixinStandardHelpOptions = true,
        description = "Knowledge distillation for test-assertion generation: mine Java test/focal-method pairs, "
                + "train a tokenizer, a teacher and a student, and evaluate generated assertions.",
        subcommands = {MineCommand.class, TokenizerCommand.class, PretrainCommand.class, TrainTeacherCommand.class, TeacherLogitsCommand.class,
                DistillCommand.class, EvaluateCommand.class, CompareCommand.class, GenerateCommand.class, PipelineCommand.class, AnalyseLossScalingCommand.class,
                DemoCommand.class},
        footer = {"", "Examples:",
                "  retort kd pipeline --output-dir results/kd          # everything below in one run, about 20 minutes",
                "  retort kd mine --artifact org.apache.commons:commons-lang3:3.17.0 --out data/kd/lang3",
                "  retort kd tokenizer --data data/kd/lang3/train.jsonl --out data/kd/lang3/tokenizer.json",
                "  retort kd pretrain --artifacts data/kd/pretrain-artifacts.txt --output-dir results/pretrain --max-steps 2000",
                "  retort kd distill --help"})
public final class KdCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
