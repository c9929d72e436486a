package dev.retort.route;

import dev.retort.core.Rng;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Distils one student per (heads, layers) cell of a grid from a fitted teacher, scores each on the teacher's
 * held-out questions (fidelity to the teacher, retrieval Hit@1) and keeps the one with the lowest
 * validation loss — chosen without looking at the held-out questions.
 */
public final class StudentSweep {
    public record Point(int heads, int layers, long parameters, double compression, int bestEpoch, double validationLoss,
                        double fidelity, double hit1, double groupHit1, double seconds) {
    }

    public record Result(List<Point> points, Point chosen, Student student, Student.Distilled chosenRun, long denseTeacherParameters,
                         double rawHit1, double teacherHit1) {
    }

    private StudentSweep() {
    }

    public static Result run(Path teacherDir, int[] heads, int[] layers, Student.Settings base, RouterKind target, long seed) {
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
        List<Point> points = new ArrayList<>();
        Point chosen = null;
        Student.Distilled chosenRun = null;
        for (int h : heads) {
            for (int l : layers) {
                Student.Distilled d = Student.distill(teacher, target, trainQ, base.with(h, l), new Rng(seed));
                Student s = d.student();
                double fidelity = Double.NaN, hit1 = Double.NaN, groupHit1 = Double.NaN;
                if (eval != null) {
                    float[][] out = s.project(heldQ);
                    fidelity = RetrievalEval.meanCosine(out, teacherOut);
                    RetrievalEval.Row row = eval.add("H" + h + "L" + l, out, java.util.Map.of());
                    hit1 = row.cells().get("hit1").mean();
                    groupHit1 = row.cells().get("group_hit1").mean();
                }
                Point p = new Point(h, l, s.parameters(), (double) dense / (s.parameters() + s.tableSize()), d.bestEpoch(),
                        d.bestValidationLoss(), fidelity, hit1, groupHit1, d.seconds());
                points.add(p);
                if (chosen == null || p.validationLoss() < chosen.validationLoss()) {
                    chosen = p;
                    chosenRun = d;
                }
            }
        }
        return new Result(points, chosen, chosenRun.student(), chosenRun, dense, rawHit1, teacherHit1);
    }
}
