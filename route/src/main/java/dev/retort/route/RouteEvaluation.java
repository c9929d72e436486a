package dev.retort.route;

import dev.retort.core.Rng;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges a fitted model on its held-out questions: the raw embeddings first (the baseline), then every router
 * the model has, the original pipeline's full-space maps refitted on the same clusters for comparison, and any
 * distilled students (with their fidelity to the teacher they copy, measured on the held-out questions).
 */
public final class RouteEvaluation {
    private RouteEvaluation() {
    }

    public static List<RetrievalEval.Row> run(Path modelDir, List<Path> studentDirs, int resamples, boolean withOriginal, long seed) {
        RouteArtifacts.Contents contents = RouteArtifacts.read(modelDir);
        RouteModel model = RouteModel.load(modelDir);
        int[] held = contents.heldOutRows();
        if (held.length == 0) throw new dev.retort.core.BadInputException(modelDir + " has no held-out questions; fit it with --holdout > 0");
        float[][] q = pick(contents.questions(), held);
        RetrievalEval eval = new RetrievalEval(contents.corpus(), contents.pairs(), held, resamples, seed);
        eval.add("raw embeddings", model.project(q, RouterKind.RAW), Map.of());
        for (RouterKind kind : model.routers()) {
            if (kind == RouterKind.RAW) continue;
            eval.add(label(kind), model.project(q, kind), Map.of());
        }
        if (withOriginal) {
            int[] train = contents.train();
            RouteModel original = RouteModel.fit(pick(contents.questions(), train), pick(contents.answers(), train),
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
            eval.add("student H=" + s.settings().heads() + " L=" + s.settings().layers() + " (→ " + s.target().cliName() + ")", out, extra);
        }
        return eval.rows();
    }

    static String label(RouterKind kind) {
        return switch (kind) {
            case RAW -> "raw embeddings";
            case CENTROID -> "federated, centroid router";
            case QUESTION -> "federated, question router";
            case WEIGHTED -> "federated, weighted router";
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
