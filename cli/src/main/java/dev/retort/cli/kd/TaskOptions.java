package dev.retort.cli.kd;

import dev.retort.kd.data.AssertionTask;
import dev.retort.kd.data.SplitSetting;
import picocli.CommandLine.Option;

/** {@code --task} and {@code --split}, shared by the commands that mine: what an example asks for and how the data is split. */
public final class TaskOptions {
    @Option(names = "--task", defaultValue = "assertion", paramLabel = "TASK",
            description = "assertion (one example per assertion statement) or method (one per test method, all its assertions the target) (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--split", defaultValue = "in-project", paramLabel = "SETTING",
            description = "in-project (split by test method inside the artifacts) or new-class (split by test class) (default: ${DEFAULT-VALUE}).")
    String split;

    public AssertionTask task() {
        return AssertionTask.parse(task);
    }

    public SplitSetting split() {
        return SplitSetting.parse(split);
    }
}
