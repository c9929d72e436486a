package dev.retort.cli.route;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code retort route}: federated Q/A projection, routers, query adapters, a distilled transformer, retrieval evaluation. */
@Command(name = "route", mixinStandardHelpOptions = true,
        description = {"Route questions to answers: embed Q/A pairs, cluster the answers, fit per-cluster rotations, "
                + "mix them with a router (or a learned query adapter), distil the router into a small transformer, "
                + "and judge every method by retrieval on held-out questions against the raw embeddings."},
        subcommands = {FitCommand.class, DistillCommand.class, EvalCommand.class, QueryCommand.class},
        footer = {"", "Example (the whole loop on the sample data):",
                "  retort route fit --data data/skills-qa/skills_qa.jsonl --output-dir runs/route",
                "  retort route distill --teacher runs/route --heads 1,2,4 --layers 1,2 --output-dir runs/route-student",
                "  retort route eval --model runs/route --student runs/route-student",
                "  retort route query --model runs/route \"How do I extract records from Markdown?\""})
public final class RouteCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
