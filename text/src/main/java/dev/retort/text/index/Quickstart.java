package dev.retort.text.index;

import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.run.RunDirectory;
import dev.retort.text.embed.Embedding;
import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.SentenceEmbedder;
import dev.retort.text.embed.TextInput;
import dev.retort.text.embed.TextRole;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code retort quickstart}: a one-minute tour of the embedding side. Indexes the distinct answers of a Q/A file,
 * answers the given queries, checks how often each question retrieves its own answer (and its own answer group),
 * and writes the index, hits.json, summary.json and report.html into the run directory.
 */
public final class Quickstart {
    /** Hits per query. */
    public static final int K = 5;

    /** The options of {@code quickstart}; {@code queries} are all asked, in order. */
    public record Options(Path data, EmbeddingModel model, VectorIndex.Kind kind, List<String> queries, int threads) {
        /** The resolved configuration recorded in run.json. */
        public Map<String, Object> config() {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("data", data.toString());
            config.put("model", model.cliName());
            config.put("kind", kind.cliName());
            config.put("k", K);
            config.put("queries", queries);
            return config;
        }
    }

    /** The index built, the top-{@link #K} hits of each query, and the two retrieval measures. */
    public record Result(int records, int answers, CorpusIndex.Built built, List<List<Hit>> queryHits, Retrieval ownAnswer, Retrieval ownCluster) {
    }

    /** How often a question's own answer is among its top-K hits. */
    public record Retrieval(int questions, double recallAt1, double recallAtK, double mrr) {
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

    private Quickstart() {
    }

    public static Result run(Options o, RunDirectory run) {
        List<TextInput> records = TextInput.read(o.data(), "answer", BadRecords.failFast());
        List<TextInput> answers = CorpusIndex.distinct(records);
        List<TextInput> withQuestion = records.stream().filter(r -> r.record().get("question") instanceof String q && !q.isBlank()).toList();
        if (withQuestion.isEmpty()) throw new BadInputException(o.data() + ": no record has a 'question' string; quickstart needs Q/A pairs");

        CorpusIndex.Built built;
        List<List<Hit>> queryHits;
        List<List<Hit>> questionHits;
        double questionSeconds;
        try (SentenceEmbedder embedder = SentenceEmbedder.open(o.model(), o.threads())) {
            built = CorpusIndex.build(embedder, answers, "answer", o.kind());
            queryHits = CorpusIndex.search(embedder, built.index(), o.queries(), K);
            List<String> questions = withQuestion.stream().map(r -> (String) r.record().get("question")).toList();
            Embedding.Result embedded = Embedding.run(embedder, questions, TextRole.QUERY, "embed questions");
            questionHits = built.index().search(embedded.vectors(), K);
            questionSeconds = embedded.seconds();
        }
        built.index().properties().put("source", o.data().toString());
        built.index().save(run.file("index"));
        Result r = new Result(records.size(), answers.size(), built, queryHits, Retrieval.of(withQuestion, questionHits, "answer"),
                Retrieval.of(withQuestion, questionHits, "cluster_id"));

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("dataset", Map.of("file", o.data().toString(), "records", r.records(), "distinct_answers", r.answers(),
                "questions_evaluated", withQuestion.size()));
        summary.put("model", o.model().cliName());
        summary.put("index_kind", o.kind().cliName());
        summary.put("answers_embedded_per_second", round(built.embedding().textsPerSecond()));
        summary.put("questions_embedded_and_searched_per_second", round(withQuestion.size() / questionSeconds));
        summary.put("question_to_own_answer", r.ownAnswer().asMap());
        summary.put("question_to_own_answer_cluster", r.ownCluster().asMap());
        Json.write(run.file("summary.json"), summary);
        Json.write(run.file("hits.json"), hitsJson(o.queries(), queryHits));
        report(o, r).write(run.file("report.html"));
        return r;
    }

    private static HtmlReport report(Options o, Result r) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("dataset", o.data() + " (" + r.records() + " Q/A records, " + r.answers() + " distinct answers)");
        facts.put("embedding model", o.model().cliName() + " (ONNX Runtime, " + r.built().index().dimension() + "-d, unit length)");
        facts.put("index", o.kind().cliName() + ", inner product = cosine similarity");
        facts.put("embedding throughput", String.format(Locale.ROOT, "%.0f answers/s (%.1f s for %d)",
                r.built().embedding().textsPerSecond(), r.built().embedding().seconds(), r.answers()));
        HtmlReport report = new HtmlReport("retort quickstart: semantic search over skills Q/A")
                .keyValues("Run", facts)
                .heading("Does each sample question find its own answer?")
                .paragraph("Every question in the sample was embedded as a query and searched. 'own answer': the hit is "
                        + "the exact answer paired with the question; 'own cluster': the hit belongs to the question's answer "
                        + "group (cluster_id), whose answers paraphrase each other. No model was trained: this measures the "
                        + "packaged embedding model on the sample itself.")
                .table(null, List.of("a hit counts when it is", "questions", "recall@1", "recall@" + K, "MRR@" + K), List.of(
                        r.ownAnswer().row("own answer"), r.ownCluster().row("own cluster (cluster_id)")));
        for (int q = 0; q < o.queries().size(); q++) {
            List<List<String>> rows = new ArrayList<>();
            for (int i = 0; i < r.queryHits().get(q).size(); i++) {
                Hit h = r.queryHits().get(q).get(i);
                rows.add(List.of(Integer.toString(i + 1), fmt(h.score()), CorpusIndex.snippet(h, "cluster_id", 60), CorpusIndex.snippet(h, "answer", 300)));
            }
            report.heading("Query: " + o.queries().get(q)).table("top " + K + " answers", List.of("rank", "score", "cluster", "answer"), rows);
        }
        return report;
    }

    private static List<Map<String, Object>> hitsJson(List<String> asked, List<List<Hit>> hits) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int q = 0; q < asked.size(); q++) out.add(Map.of("query", asked.get(q), "hits", hits.get(q)));
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
