package dev.retort.route;

import dev.retort.core.BadInputException;
import dev.retort.core.Rng;
import dev.retort.core.train.EpochCheckpoint;
import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.SentenceEmbedder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Distils one student per (heads, layers) shape — a grid, or a list such as the proposal's H=12 L=2, H=6 L=3, H=4 L=4 —
 * from a fitted teacher (each at the width its settings give: heads × head size unless a fixed width is set), scores each on the teacher's
 * held-out questions (fidelity to the teacher, retrieval Hit@1) and keeps the one with the lowest
 * validation loss — chosen without looking at the held-out questions.
 */
public final class StudentSweep {
    /** One student architecture. */
    public record Shape(int heads, int layers) {
        public Shape {
            if (heads < 1 || layers < 1) throw new BadInputException("a student shape needs heads ≥ 1 and layers ≥ 1, got H=" + heads + " L=" + layers);
        }

        /** "12x2" (or "12×2", "H12L2") → heads 12, layers 2. */
        public static Shape parse(String text) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\\s*h?(\\d+)\\s*(?:[x×]|l)\\s*(\\d+)\\s*").matcher(text);
            if (!m.matches()) throw new BadInputException("bad student shape '" + text + "': write HEADSxLAYERS, e.g. 12x2");
            try {
                return new Shape(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            } catch (NumberFormatException e) {
                throw new BadInputException("bad student shape '" + text + "': number too large", e);
            }
        }

        /** Every (h, l) of heads × layers, heads-major. */
        public static List<Shape> grid(int[] heads, int[] layers) {
            List<Shape> out = new ArrayList<>();
            for (int h : heads) for (int l : layers) out.add(new Shape(h, l));
            return out;
        }
    }

    public record Point(int heads, int layers, int width, long parameters, double compression, int bestEpoch, double validationLoss,
                        double fidelity, double hit1, double groupHit1, double seconds) {
    }

    public record Result(List<Point> points, Point chosen, Student student, Student.Distilled chosenRun, long denseTeacherParameters,
                         double rawHit1, double teacherHit1) {
    }

    private StudentSweep() {
    }

    /** Fails with a clear message, before anything trains, when a shape cannot be built with these settings. */
    public static void check(List<Shape> shapes, Student.Settings base) {
        if (shapes.isEmpty()) throw new BadInputException("no student shape to train");
        for (Shape shape : shapes) base.with(shape.heads(), shape.layers());            // the Settings constructor checks the width
    }

    /** Runs the sweep; with a {@code plan}, each shape's student checkpoints under {@code students/H<heads>L<layers>/}. */
    public static Result run(Path teacherDir, List<Shape> shapes, Student.Settings base, RouterKind target, long seed, EpochCheckpoint.Plan plan) {
        check(shapes, base);
        RouteArtifacts.Contents contents = RouteArtifacts.read(teacherDir);
        RouteModel teacher = RouteModel.load(teacherDir);
        int[] held = contents.heldOutRows(), train = contents.train();
        float[][] trainQ = RouteEvaluation.pick(contents.questions(), train);
        float[][] heldQ = RouteEvaluation.pick(contents.questions(), held);
        float[][] teacherOut = teacher.project(heldQ, target);
        long dense = (long) teacher.clusters() * teacher.dimension() * teacher.dimension();
        RetrievalEval eval = held.length > 0 ? new RetrievalEval(contents.corpus(), contents.pairs(), held, 0, seed) : null;
        double rawHit1 = eval == null ? Double.NaN : eval.add("raw", heldQ, java.util.Map.of()).cells().get("hit1").mean();
        double teacherHit1 = eval == null ? Double.NaN : eval.add("teacher", teacherOut, java.util.Map.of()).cells().get("hit1").mean();
        double[] spread = base.loss().importance() == Student.Importance.EMBEDDING ? spread(contents, train, seed) : null;
        List<Point> points = new ArrayList<>();
        Point chosen = null;
        Student.Distilled chosenRun = null;
        for (Shape shape : shapes) {
            Student.Distilled d = Student.distill(teacher, target, trainQ, spread, base.with(shape.heads(), shape.layers()), new Rng(seed),
                    plan.under("students/H" + shape.heads() + "L" + shape.layers()));
            Student s = d.student();
            double fidelity = Double.NaN, hit1 = Double.NaN, groupHit1 = Double.NaN;
            if (eval != null) {
                float[][] out = s.project(heldQ);
                fidelity = RetrievalEval.meanCosine(out, teacherOut);
                RetrievalEval.Row row = eval.add("H" + shape.heads() + "L" + shape.layers(), out, java.util.Map.of());
                hit1 = row.cells().get("hit1").mean();
                groupHit1 = row.cells().get("group_hit1").mean();
            }
            Point p = new Point(shape.heads(), shape.layers(), s.settings().shape().width(), s.parameters(),
                    (double) dense / (s.parameters() + s.tableSize()), d.bestEpoch(), d.bestValidationLoss(), fidelity, hit1, groupHit1,
                    d.seconds());
            points.add(p);
            if (chosen == null || p.validationLoss() < chosen.validationLoss()) {
                chosen = p;
                chosenRun = d;
            }
        }
        return new Result(points, chosen, chosenRun.student(), chosenRun, dense, rawHit1, teacherHit1);
    }

    /** The embedding spread of each training question under the teacher's own encoder ({@link EmbeddingSpread}). */
    private static double[] spread(RouteArtifacts.Contents contents, int[] train, long seed) {
        List<String> questions = java.util.Arrays.stream(train).mapToObj(i -> contents.pairs().get(i).question()).toList();
        try (SentenceEmbedder encoder = SentenceEmbedder.open(EmbeddingModel.parse(contents.encoder()))) {
            return EmbeddingSpread.of(questions, encoder, new Rng(seed).fork("embedding-spread"));
        }
    }
}
