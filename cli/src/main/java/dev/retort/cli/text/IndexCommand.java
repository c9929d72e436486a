package dev.retort.cli.text;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code retort index}: the group of {@code build} and {@code search}. */
@Command(mixinStandardHelpOptions = true, name = "index",
        description = "Build a vector index over one text field of a JSONL file, and search it with text queries.",
        subcommands = {IndexBuildCommand.class, IndexSearchCommand.class},
        footer = {"", "Examples:",
                "  retort index build --data data/skills-qa/skills_qa.jsonl --field answer --distinct --out skills-index",
                "  retort index search --index skills-index --show answer \"How do I parse markdown files?\""})
public final class IndexCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
