package dev.retort.cli.route;

import dev.retort.cli.EngineOptions;
import dev.retort.core.BadInputException;
import dev.retort.route.AnswerCorpus;
import dev.retort.route.RouteArtifacts;
import dev.retort.route.RouteModel;
import dev.retort.route.RouterKind;
import dev.retort.route.Student;
import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.SentenceEmbedder;
import dev.retort.text.embed.TextRole;
import dev.retort.text.index.ExactIndex;
import dev.retort.text.index.Hit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Answer questions with a fitted model: embed, transform with the chosen router (or a student), "
                + "and print the top answers from the model's answer set with their cosine scores."},
        footer = {"", "Examples:",
                "  retort route query --model runs/route \"How do I extract structured data from Markdown files?\"",
                "  retort route query --model runs/route --router weighted --top 3 --batch questions.txt",
                "  retort route query --model runs/route --student runs/route-student \"...\""})
public final class QueryCommand implements Runnable {
    @Spec
    CommandSpec spec;
    @Mixin
    EngineOptions engine;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory from 'retort route fit'.")
    Path model;
    @Option(names = "--router", paramLabel = "NAME", description = "raw, centroid, question, weighted, uncertainty-weighted, adapter, adapter-moe (default: adapter when fitted, else weighted).")
    String router;
    @Option(names = "--student", paramLabel = "DIR", description = "Answer with a distilled student instead of a router.")
    Path student;
    @Option(names = "--top", defaultValue = "5", paramLabel = "N", description = "Answers per question (default: ${DEFAULT-VALUE}).")
    int top;
    @Option(names = "--batch", paramLabel = "FILE", description = "One question per line (blank lines skipped).")
    Path batch;
    @Parameters(paramLabel = "QUESTION", arity = "0..*", description = "Question text(s).")
    List<String> questions = new ArrayList<>();

    @Override
    public void run() {
        engine.start();
        List<String> asked = new ArrayList<>(questions);
        if (batch != null) {
            try {
                for (String line : Files.readAllLines(batch)) if (!line.isBlank()) asked.add(line.strip());
            } catch (IOException e) {
                throw new BadInputException("cannot read --batch " + batch + ": " + e.getMessage(), e);
            }
        }
        if (asked.isEmpty()) throw new BadInputException("give a question or --batch FILE; see 'retort route query --help'");
        if (top < 1) throw new BadInputException("--top must be ≥ 1");
        RouteArtifacts.Contents contents = RouteArtifacts.read(model);
        RouteModel teacher = RouteModel.load(model);
        AnswerCorpus corpus = contents.corpus();
        float[][] q;
        try (SentenceEmbedder encoder = SentenceEmbedder.open(EmbeddingModel.parse(contents.encoder()))) {
            q = encoder.embed(asked, TextRole.QUERY);
        }
        String how;
        float[][] projected;
        if (student != null) {
            projected = Student.load(student).project(q);
            how = "student " + student;
        } else {
            RouterKind kind = router != null ? RouterKind.parse(router)
                    : teacher.routers().contains(RouterKind.ADAPTER) ? RouterKind.ADAPTER : RouterKind.WEIGHTED;
            projected = teacher.project(q, kind);
            how = kind.cliName();
        }
        ExactIndex index = new ExactIndex(teacher.dimension());
        for (float[] v : corpus.vectors()) index.add(v, Map.of());
        List<List<Hit>> hits = index.search(projected, Math.min(top, corpus.size()));
        var out = spec.commandLine().getOut();
        for (int i = 0; i < asked.size(); i++) {
            out.printf("Q: %s   [%s]%n", asked.get(i), how);
            int rank = 1;
            for (Hit h : hits.get(i)) {
                out.printf(Locale.ROOT, "  %d. %.3f  [%s]  %s%n", rank++, h.score(), String.join(",", corpus.clusterIds().get(h.id())),
                        firstLine(corpus.texts().get(h.id())));
            }
        }
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }
}
