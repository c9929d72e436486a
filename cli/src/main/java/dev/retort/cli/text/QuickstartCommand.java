package dev.retort.cli.text;

import dev.retort.text.embed.TextInput;
import dev.retort.text.embed.Embedding;
import dev.retort.text.embed.TextRole;
import dev.retort.text.index.CorpusIndex;
import dev.retort.cli.EngineOptions;
import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.run.RunDirectory;
import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.SentenceEmbedder;
import dev.retort.text.index.Hit;
import dev.retort.text.index.VectorIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code retort quickstart}: a one-minute tour of the embedding side. Indexes the distinct answers of the skills Q/A sample,
 * answers example queries, checks how often each sample question retrieves its own answer, and writes a
 * run directory with run.json, the index, hits.json, summary.json and report.html.
 */
@Command(mixinStandardHelpOptions = true, name = "quickstart",
        description = {"A one-minute tour of the embedding side: semantic search over the skills Q/A sample, with a report.", "", "Build a semantic index over the answers of the skills Q/A sample (data/skills-qa), answer an "
                + "example query (and any --query), measure how often each sample question finds its own answer, "
                + "and write everything to a run directory with a report.html."},
        footer = {"", "Examples:",
                "  retort quickstart",
                "  retort quickstart --query \"How do I compile Prolog to Bash?\" --query \"What is a transpiler target?\"",
                "  retort quickstart --model minilm --kind hnsw --output-dir results/qs-minilm"})
public final class QuickstartCommand implements Callable<Integer> {
    static final String EXAMPLE_QUERY = "How can I pull structured records out of Markdown files as JSON?";
    static final String SAMPLE = "data/skills-qa/skills_qa.jsonl";
    private static final int K = 5;

    @Spec
    CommandSpec spec;
    @Mixin
    EngineOptions engine;

    @Option(names = "--data", paramLabel = "FILE.jsonl", description = "Q/A records with question and answer fields (default: the bundled " + SAMPLE + ").")
    Path data;

    @Option(names = "--query", paramLabel = "TEXT", description = "A question to answer from the index (repeatable; the example query is always asked).")
    List<String> queries = new ArrayList<>();

    @Option(names = "--model", defaultValue = "minilm-q", paramLabel = "minilm|minilm-q|bge", description = "Embedding model (default: ${DEFAULT-VALUE}, the fastest).")
    String model;

    @Option(names = "--kind", defaultValue = "exact", paramLabel = "exact|hnsw", description = "Index kind (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--output-dir", paramLabel = "DIR", description = "Run directory (default: results/quickstart-<timestamp>).")
    Path outputDir;

    @Override
    public Integer call() {
        int threads = engine.start().threads();
        Path input = data != null ? data : bundledSample();
        EmbeddingModel m = EmbeddingModel.parse(model);
        VectorIndex.Kind k = VectorIndex.Kind.parse(kind);
        List<String> asked = new ArrayList<>(List.of(EXAMPLE_QUERY));
        asked.addAll(queries);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("data", input.toString());
        config.put("model", m.cliName());
        config.put("kind", k.cliName());
        config.put("k", K);
        config.put("queries", asked);
        RunDirectory run = RunDirectory.create("quickstart", outputDir, spec.commandLine().getParseResult().originalArgs(), config, List.of(input));

        List<TextInput> records = TextInput.read(input, "answer", BadRecords.failFast());
        List<TextInput> answers = CorpusIndex.distinct(records);
        List<TextInput> withQuestion = records.stream().filter(r -> r.record().get("question") instanceof String q && !q.isBlank()).toList();
        if (withQuestion.isEmpty()) throw new BadInputException(input + ": no record has a 'question' string; quickstart needs Q/A pairs");

        CorpusIndex.Built built;
        List<List<Hit>> exampleHits;
        List<List<Hit>> questionHits;
        double questionSeconds;
        try (SentenceEmbedder embedder = SentenceEmbedder.open(m, threads)) {
            built = CorpusIndex.build(embedder, answers, "answer", k);
            exampleHits = CorpusIndex.search(embedder, built.index(), asked, K);
            List<String> questions = withQuestion.stream().map(r -> (String) r.record().get("question")).toList();
            Embedding.Result embedded = Embedding.run(embedder, questions, TextRole.QUERY, "embed questions");
            questionHits = built.index().search(embedded.vectors(), K);
            questionSeconds = embedded.seconds();
        }
        built.index().properties().put("source", input.toString());
        built.index().save(run.file("index"));
        Retrieval retrieval = Retrieval.of(withQuestion, questionHits, "answer");
        Retrieval cluster = Retrieval.of(withQuestion, questionHits, "cluster_id");

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("dataset", Map.of("file", input.toString(), "records", records.size(), "distinct_answers", answers.size(),
                "questions_evaluated", withQuestion.size()));
        summary.put("model", m.cliName());
        summary.put("index_kind", k.cliName());
        summary.put("answers_embedded_per_second", round(built.embedding().textsPerSecond()));
        summary.put("questions_embedded_and_searched_per_second", round(withQuestion.size() / questionSeconds));
        summary.put("question_to_own_answer", retrieval.asMap());
        summary.put("question_to_own_answer_cluster", cluster.asMap());
        Json.write(run.file("summary.json"), summary);
        Json.write(run.file("hits.json"), hitsJson(asked, exampleHits));
        report(input, m, k, records.size(), answers.size(), built, retrieval, cluster, asked, exampleHits).write(run.file("report.html"));

        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "indexed %d distinct answers from %s with %s (%.0f texts/s)%n", answers.size(), input, m,
                built.embedding().textsPerSecond());
        for (int q = 0; q < asked.size(); q++) {
            w.println("query: " + asked.get(q));
            for (Hit h : exampleHits.get(q)) {
                w.printf(Locale.ROOT, "  %.4f  %-34s %s%n", h.score(), CorpusIndex.snippet(h, "cluster_id", 34), CorpusIndex.snippet(h, "answer", 90));
            }
        }
        w.printf(Locale.ROOT, "%d sample questions searched (no training; questions and answers both come from the sample):%n"
                        + "  own answer:  recall@1 %.3f, recall@%d %.3f, MRR@%d %.3f%n  own cluster: recall@1 %.3f, recall@%d %.3f, MRR@%d %.3f%n",
                retrieval.questions(), retrieval.recallAt1(), K, retrieval.recallAtK(), K, retrieval.mrr(),
                cluster.recallAt1(), K, cluster.recallAtK(), K, cluster.mrr());
        w.println("run directory: " + run.path() + " (open report.html)");
        return 0;
    }

    /** How often a question's own answer is among its top-K hits. */
    record Retrieval(int questions, double recallAt1, double recallAtK, double mrr) {
        /** A hit is right when its {@code field} equals the question record's (answer: the exact answer; cluster_id: its answer group). */
        static Retrieval of(List<TextInput> records, List<List<Hit>> hits, String field) {
            int top1 = 0;
            int topK = 0;
            double reciprocal = 0;
            for (int i = 0; i < records.size(); i++) {
                Object wanted = records.get(i).record().get(field);
                List<Hit> h = hits.get(i);
                for (int r = 0; r < h.size(); r++) {
                    if (wanted != null && wanted.equals(h.get(r).metadata().get(field))) {
                        if (r == 0) top1++;
                        topK++;
                        reciprocal += 1.0 / (r + 1);
                        break;
                    }
                }
            }
            int n = records.size();
            return new Retrieval(n, (double) top1 / n, (double) topK / n, reciprocal / n);
        }

        List<String> row(String label) {
            return List.of(label, Integer.toString(questions), fmt(recallAt1), fmt(recallAtK), fmt(mrr));
        }

        Map<String, Object> asMap() {
            return Map.of("questions", questions, "recall_at_1", round(recallAt1), "recall_at_" + K, round(recallAtK), "mrr_at_" + K, round(mrr));
        }
    }

    private static HtmlReport report(Path input, EmbeddingModel m, VectorIndex.Kind k, int records, int answers, CorpusIndex.Built built,
                                     Retrieval retrieval, Retrieval cluster, List<String> asked, List<List<Hit>> hits) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("dataset", input + " (" + records + " Q/A records, " + answers + " distinct answers)");
        facts.put("embedding model", m.cliName() + " (ONNX Runtime, " + built.index().dimension() + "-d, unit length)");
        facts.put("index", k.cliName() + ", inner product = cosine similarity");
        facts.put("embedding throughput", String.format(Locale.ROOT, "%.0f answers/s (%.1f s for %d)",
                built.embedding().textsPerSecond(), built.embedding().seconds(), answers));
        HtmlReport report = new HtmlReport("retort quickstart: semantic search over skills Q/A")
                .keyValues("Run", facts)
                .heading("Does each sample question find its own answer?")
                .paragraph("Every question in the sample was embedded as a query and searched. 'own answer': the hit is "
                        + "the exact answer paired with the question; 'own cluster': the hit belongs to the question's answer "
                        + "group (cluster_id), whose answers paraphrase each other. No model was trained: this measures the "
                        + "packaged embedding model on the sample itself.")
                .table(null, List.of("a hit counts when it is", "questions", "recall@1", "recall@" + K, "MRR@" + K), List.of(
                        retrieval.row("own answer"), cluster.row("own cluster (cluster_id)")));
        for (int q = 0; q < asked.size(); q++) {
            List<List<String>> rows = new ArrayList<>();
            for (int r = 0; r < hits.get(q).size(); r++) {
                Hit h = hits.get(q).get(r);
                rows.add(List.of(Integer.toString(r + 1), fmt(h.score()), CorpusIndex.snippet(h, "cluster_id", 60), CorpusIndex.snippet(h, "answer", 300)));
            }
            report.heading("Query: " + asked.get(q)).table("top " + K + " answers", List.of("rank", "score", "cluster", "answer"), rows);
        }
        return report;
    }

    private static List<Map<String, Object>> hitsJson(List<String> asked, List<List<Hit>> hits) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int q = 0; q < asked.size(); q++) out.add(Map.of("query", asked.get(q), "hits", hits.get(q)));
        return out;
    }

    /** data/skills-qa/skills_qa.jsonl in the working directory, else in the checkout the running jar was built in. */
    private static Path bundledSample() {
        Path here = Path.of(SAMPLE);
        if (Files.isRegularFile(here)) return here;
        try {
            Path jar = Path.of(QuickstartCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = jar.getParent(); dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve(SAMPLE))) return dir.resolve(SAMPLE);
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the message below
        }
        throw new BadInputException("cannot find " + SAMPLE + "; run from the retort checkout or pass --data FILE.jsonl");
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
