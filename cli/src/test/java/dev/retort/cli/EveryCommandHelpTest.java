package dev.retort.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command in the tree answers --help with exit 0, a description and an example. */
class EveryCommandHelpTest {

    @Test
    void everyCommandHasHelpWithAnExample() {
        List<String> paths = new ArrayList<>();
        collect(new CommandLine(new RetortCommand()), List.of(), paths);
        assertThat(paths).as("commands found").hasSizeGreaterThan(15);
        List<String> problems = new ArrayList<>();
        for (String path : paths) {
            StringWriter out = new StringWriter(), err = new StringWriter();
            List<String> args = new ArrayList<>(List.of(path.split(" ")));
            args.removeIf(String::isEmpty);
            args.add("--help");
            int code = Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
            String help = out.toString();
            if (code != 0) problems.add("'retort " + path + " --help' exited " + code + ": " + err);
            else if (!help.contains("Usage:")) problems.add("'retort " + path + " --help' printed no usage");
            else if (!path.isEmpty() && !help.contains("retort " + path)) problems.add("'retort " + path + " --help' has no example using the command");
        }
        assertThat(problems).isEmpty();
    }

    private static void collect(CommandLine cmd, List<String> prefix, List<String> out) {
        out.add(String.join(" ", prefix));
        cmd.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandName().equals(name)) return; // aliases
            List<String> p = new ArrayList<>(prefix);
            p.add(name);
            collect(sub, p, out);
        });
    }
}
