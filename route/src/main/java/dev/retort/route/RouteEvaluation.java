package dev.retort.route;

import dev.retort.core.BadInputException;
import dev.retort.core.Rng;
import dev.retort.core.train.EpochCheckpoint;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges a fitted model on held-out questions: the raw embeddings first (the baseline), then every router the model
 * has, the original pipeline's full-space maps refitted on the same clusters for comparison, and any distilled
 * students (with their fidelity to the teacher they copy, measured on the held-out questions).
 * <p>
 * Two splits ({@link HeldOutSplit.Kind}): {@code paraphrase} judges the model as fitted, on the distinct question texts
 * its fit held out; {@code topic} holds out whole answer clusters (cluster_id) instead, with the eval's seed and the
 * fit's held-out fraction, and refits teacher and adapters on the other pairs with the model's own configuration and K
 * (from its embedding cache) — so nothing of a held-out question's cluster was seen in fitting.
 */
public final class RouteEvaluation {
    /** The rows, and what they were measured on. */
    public record Result(HeldOutSplit.Kind split, int heldOutQuestions, int pairs, List<RetrievalEval.Row> rows) {
    }

    /** Training rows, held-out rows and the teacher fitted on the training rows. */
    record Fold(int[] train, int[] held, RouteModel model) {
    }

    private RouteEvaluation() {
    }

    /** Students cannot be judged on the topic split: they were distilled on the model's own training questions. */
    public static void check(HeldOutSplit.Kind split, List<Path> studentDirs) {
        if (split == HeldOutSplit.Kind.TOPIC && !studentDirs.isEmpty())
            throw new BadInputException("--split topic refits the teacher without the held-out clusters, but the students were "
                    + "distilled on the model's own training questions, which include those clusters; evaluate students with --split paraphrase");
    }

    public static Result run(Path modelDir, List<Path> studentDirs, int resamples, boolean withOriginal, HeldOutSplit.Kind split,
                             long seed) {
        check(split, studentDirs);
        RouteArtifacts.Contents contents = RouteArtifacts.read(modelDir);
        RouteModel fitted = RouteModel.load(modelDir);
        Fold fold = switch (split) {
            case PARAPHRASE -> new Fold(contents.train(), contents.heldOutRows(), fitted);
            case TOPIC -> topicFold(contents, fitted, seed);
        };
        if (fold.held().length == 0) throw new BadInputException(modelDir + " has no held-out questions; fit it with --holdout > 0");
        RouteModel model = fold.model();
        float[][] q = pick(contents.questions(), fold.held());
        RetrievalEval eval = new RetrievalEval(contents.corpus(), contents.pairs(), fold.held(), resamples, seed);
        eval.add("raw embeddings", model.project(q, RouterKind.RAW), Map.of());
        for (RouterKind kind : model.routers()) {
            if (kind == RouterKind.RAW) continue;
            eval.add(label(kind), model.project(q, kind), Map.of());
        }
        if (withOriginal) {
            RouteModel original = RouteModel.fit(pick(contents.questions(), fold.train()), pick(contents.answers(), fold.train()),
                    model.config().withOriginal(true).withK(model.clusters()), new Rng(seed));
            eval.add("original federated W (centroid)", original.project(q, RouterKind.CENTROID), Map.of());
        }
        long dense = (long) model.clusters() * model.dimension() * model.dimension();
        for (Path dir : studentDirs) {
            Student s = Student.load(dir);
            float[][] out = s.project(q);
            Map<String, Double> extra = new LinkedHashMap<>();
            extra.put("fidelity", RetrievalEval.meanCosine(out, model.project(q, s.target())));
            extra.put("params", (double) s.parameters());
            extra.put("compression", (double) dense / (s.parameters() + s.tableSize()));
            eval.add(studentLabel(s), out, extra);
        }
        return new Result(split, fold.held().length, contents.pairs().size(), eval.rows());
    }

    /** Holds out whole clusters and refits the teacher and the model's adapters on the rest. */
    static Fold topicFold(RouteArtifacts.Contents contents, RouteModel fitted, long seed) {
        double fraction = contents.manifest().path("extra").path("holdout").asDouble(RouteFit.Options.defaults(null).holdout());
        boolean[] held = HeldOutSplit.of(contents.pairs(), fraction, seed, HeldOutSplit.Kind.TOPIC);
        int[] train = HeldOutSplit.where(held, false);
        List<RouterKind> adapters = fitted.routers().stream().filter(k -> k == RouterKind.ADAPTER || k == RouterKind.ADAPTER_MOE).toList();
        RouteFit.Trained refit = RouteFit.train(contents.pairs(), contents.questions(), contents.answers(), train,
                fitted.config().withK(fitted.clusters()), adapters, fitted.adapterExperts(), new Rng(seed).fork("topic-refit"),
                EpochCheckpoint.Plan.OFF);
        return new Fold(train, HeldOutSplit.where(held, true), refit.fitted().model());
    }

    /** e.g. "student H=2 L=2 (→ weighted)", or "student H=2 L=2 (→ weighted, fisher-weighted samples)". */
    static String studentLabel(Student s) {
        Student.Importance importance = s.settings().loss().importance();
        return "student H=" + s.settings().shape().heads() + " L=" + s.settings().shape().layers() + " (→ " + s.target().cliName()
                + (importance == Student.Importance.UNIFORM ? "" : ", " + importance.name().toLowerCase(java.util.Locale.ROOT) + "-weighted samples")
                + ")";
    }

    static String label(RouterKind kind) {
        return switch (kind) {
            case RAW -> "raw embeddings";
            case CENTROID -> "federated, centroid router";
            case QUESTION -> "federated, question router";
            case WEIGHTED -> "federated, weighted router";
            case UNCERTAINTY_WEIGHTED -> "federated, uncertainty-weighted router";
            case ADAPTER -> "linear adapter (InfoNCE)";
            case ADAPTER_MOE -> "mixture adapter (InfoNCE)";
        };
    }

    static float[][] pick(float[][] rows, int[] at) {
        float[][] out = new float[at.length][];
        for (int i = 0; i < at.length; i++) out[i] = rows[at[i]];
        return out;
    }
}
