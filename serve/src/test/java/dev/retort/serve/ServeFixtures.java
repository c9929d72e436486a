package dev.retort.serve;

import dev.retort.core.Rng;
import dev.retort.core.io.BadRecords;
import dev.retort.core.run.RunDirectory;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.teacher.TeacherTrainer;
import dev.retort.kd.train.Seq2SeqTrainingLoop;
import dev.retort.route.QaPair;
import dev.retort.route.RouteArtifacts;
import dev.retort.route.RouteConfig;
import dev.retort.route.RouteModel;
import dev.retort.score.LogisticModel;
import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.SentenceEmbedder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Small real models for the server tests, made once per test JVM: a tiny kd teacher trained for a few dozen steps on
 * arithmetic-style tests (with its retrieval memory), a route model fitted on twelve Q/A pairs embedded with the real
 * MiniLM int8 encoder, and a two-feature score model. Nothing here is a stand-in for a model.
 */
final class ServeFixtures {
    static final String[] OPS = {"add", "sub", "max", "min"};
    /** Training steps of the kd model: enough for it to write some assertions that parse (3 s here). */
    static final int STEPS = 200;

    record Models(Path kd, Path route, Path score, List<AssertionExample> heldOut, List<QaPair> pairs) {
    }

    private static Models models;

    private ServeFixtures() {
    }

    static synchronized Models models() {
        if (models == null) models = build();
        return models;
    }

    static String test(String op, int i) {
        return "@Test\npublic void test" + op + i + "() {\n    int r = calc." + op + "(" + i + ", 2);\n    " + AssertionExample.PLACEHOLDER + "\n}";
    }

    static String focal(String op, int i) {
        return "public int " + op + "(int a, int b) {\n    return a " + (i % 2 == 0 ? "+" : "-") + " b;\n}";
    }

    private static Models build() {
        try {
            Path root = Files.createTempDirectory("retort-serve-test");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
            List<AssertionExample> examples = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String op = OPS[i % 4];
                examples.add(new AssertionExample("ex" + i, focal(op, i), test(op, i), List.of("assertEquals(" + i + ", r);"), null, null, null, null));
            }
            Path kd = trainKd(root.resolve("kd"), examples.subList(0, 20), examples.subList(20, 24));
            List<QaPair> pairs = pairs();
            return new Models(kd, fitRoute(root.resolve("route"), pairs), writeScore(root.resolve("score.json")), examples.subList(20, 24), pairs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path trainKd(Path dir, List<AssertionExample> train, List<AssertionExample> valid) {
        Path trainFile = dir.resolveSibling("kd-train.jsonl"), validFile = dir.resolveSibling("kd-valid.jsonl");
        AssertionDataset.write(trainFile, train);
        AssertionDataset.write(validFile, valid);
        var options = new TeacherTrainer.Options(new TeacherTrainer.Model("tiny", null, null, 300, 0.0, false, null),
                new TeacherTrainer.Input(63, 31, true, false, false),
                new Seq2SeqTrainingLoop.Schedule(100, 4, 1, 5e-3, 5, STEPS, STEPS, 0), new Seq2SeqTrainingLoop.WeightDecay(0.01, false), 0, 4, 0, TeacherTrainer.Keep.BEST, 1, false);
        RunDirectory run = RunDirectory.create("kd", dir, List.of("test"), Map.of(), List.of(trainFile, validFile));
        new TeacherTrainer(options, run).train(trainFile, validFile, BadRecords.failFast());
        return dir;
    }

    static List<QaPair> pairs() {
        String[][] topics = {
                {"cooking", "How long do I boil pasta?", "Boil dried pasta for eight to ten minutes in salted water."},
                {"cooking", "How do I keep rice from sticking?", "Rinse the rice before cooking and let it rest covered after."},
                {"cooking", "What temperature bakes bread?", "Bake most breads at about 220 degrees Celsius."},
                {"cooking", "How do I make a roux?", "Cook equal parts butter and flour while stirring."},
                {"git", "How do I undo my last commit?", "Run git reset --soft HEAD~1 to undo the commit and keep the changes."},
                {"git", "How do I create a branch?", "Run git switch -c name to create and check out a new branch."},
                {"git", "How do I see the commit history?", "Run git log --oneline for a short history."},
                {"git", "How do I discard local changes?", "Run git restore on the file to discard its changes."},
                {"running", "How often should beginners run?", "Beginners should run three times a week with rest days between."},
                {"running", "How do I avoid shin splints?", "Increase distance slowly and wear shoes that fit."},
                {"running", "What should I eat before a race?", "Eat a light meal rich in carbohydrates two hours before."},
                {"running", "How do I pace a marathon?", "Start slower than goal pace and hold an even effort."}};
        List<QaPair> out = new ArrayList<>();
        for (int i = 0; i < topics.length; i++) out.add(new QaPair("p" + i, topics[i][0], topics[i][1], topics[i][2]));
        return out;
    }

    private static Path fitRoute(Path dir, List<QaPair> pairs) {
        float[][][] emb;
        try (SentenceEmbedder encoder = SentenceEmbedder.open(EmbeddingModel.MINILM_Q)) {
            emb = RouteArtifacts.embed(pairs, encoder, null);
        }
        RouteConfig config = RouteConfig.defaults().withK(3);
        RouteModel model = RouteModel.fit(emb[0], emb[1], config, new Rng(42));
        RouteArtifacts.write(dir, "minilm-q", pairs, new boolean[pairs.size()], emb[0], emb[1], config, Map.of());
        model.save(dir);
        return dir;
    }

    /** p = σ(2·(entropy − 1)/0.5 − 1·(length − 10)/4 + 0.25). */
    static final LogisticModel SCORE = new LogisticModel(List.of("entropy", "length"), new double[]{1, 10}, new double[]{0.5, 4},
            new double[]{2, -1}, 0.25, 1.0, "label");

    private static Path writeScore(Path file) {
        SCORE.save(file);
        return file;
    }

    private static void delete(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
