package dev.retort.route;

import dev.retort.core.Rng;
import dev.retort.core.train.EpochCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class StudentTest {

    @Test
    void distilsTowardsTheTeacherAndReloadsIdentically(@TempDir Path dir) {
        SyntheticQa data = SyntheticQa.generate(5, 16, 16, 21);
        RouteModel teacher = RouteModel.fit(data.questions(), data.answers(), RouteConfig.defaults().withK(5), new Rng(1));
        Student.Settings s = new Student.Settings(new Student.Shape(2, 2, 8, 0, 3, 0.0), new Student.Training(12, 32, 3e-3, 0.0, 12, 0.1),
                new Student.Loss(Student.Importance.ENTROPY, 1, 0.05, 0.3, 0.7));
        Student.Distilled d = Student.distill(teacher, RouterKind.WEIGHTED, data.questions(), null, s, new Rng(2), EpochCheckpoint.Plan.OFF);
        assertThat(d.validationLoss()[d.bestEpoch() - 1]).isLessThan(d.validationLoss()[0]);

        float[][] probe = SyntheticQa.generate(5, 4, 16, 77).questions();
        float[][] teacherOut = teacher.project(probe, RouterKind.WEIGHTED);
        double fidelity = RetrievalEval.meanCosine(d.student().project(probe), teacherOut);
        double rawFidelity = RetrievalEval.meanCosine(probe, teacherOut);
        assertThat(fidelity).isGreaterThan(rawFidelity);

        d.student().save(dir);
        Student back = Student.load(dir);
        assertThat(back.project(probe)).isDeepEqualTo(d.student().project(probe));
        assertThat(back.parameters()).isEqualTo(d.student().parameters());
        assertThat(RouteEvaluation.studentLabel(back)).isEqualTo("student H=2 L=2 (→ weighted, entropy-weighted samples)");
    }

    @Test
    void aStudentWithDropoutPausedAndResumedEndsAsAnUninterruptedOne(@TempDir Path dir) {
        SyntheticQa data = SyntheticQa.generate(5, 16, 16, 21);
        RouteModel teacher = RouteModel.fit(data.questions(), data.answers(), RouteConfig.defaults().withK(5), new Rng(1));
        Student.Settings s = new Student.Settings(new Student.Shape(2, 1, 8, 0, 3, 0.2), new Student.Training(8, 32, 3e-3, 0.01, 3, 0.1),
                new Student.Loss(Student.Importance.ENTROPY, 1, 0.05, 0.3, 0.7));
        float[][] probe = SyntheticQa.generate(5, 4, 16, 77).questions();
        Student.Distilled whole = Student.distill(teacher, RouterKind.WEIGHTED, data.questions(), null, s, new Rng(2), EpochCheckpoint.Plan.OFF);
        Student.distill(teacher, RouterKind.WEIGHTED, data.questions(), null, s, new Rng(2), new EpochCheckpoint.Plan(dir, false, 3));
        assertThat(EpochCheckpoint.savedEpochs(dir)).isEqualTo(3);
        Student.Distilled resumed = Student.distill(teacher, RouterKind.WEIGHTED, data.questions(), null, s, new Rng(2), new EpochCheckpoint.Plan(dir, true, 0));
        assertThat(resumed.validationLoss()).containsExactly(whole.validationLoss());
        assertThat(resumed.trainLoss()).containsExactly(whole.trainLoss());
        assertThat(resumed.bestEpoch()).isEqualTo(whole.bestEpoch());
        assertThat(resumed.student().project(probe)).isDeepEqualTo(whole.student().project(probe));
    }

    @Test
    void embeddingWeightsFromAConstantSpreadTrainTheUniformStudentAndAVaryingSpreadAnother() {
        SyntheticQa data = SyntheticQa.generate(5, 16, 16, 21);
        RouteModel teacher = RouteModel.fit(data.questions(), data.answers(), RouteConfig.defaults().withK(5), new Rng(1));
        int n = data.questions().length;
        double[] constant = new double[n], varying = new double[n];
        java.util.Arrays.fill(constant, 0.25);          // a power of two, so u / mean u is exactly 1 in float
        for (int i = 0; i < n; i++) varying[i] = i % 3 == 0 ? 0.1 : 0.01;
        float[][] probe = SyntheticQa.generate(5, 4, 16, 77).questions();
        float[][] uniform = trained(teacher, data, null, Student.Importance.UNIFORM).project(probe);
        assertThat(trained(teacher, data, constant, Student.Importance.EMBEDDING).project(probe)).isDeepEqualTo(uniform);
        assertThat(trained(teacher, data, varying, Student.Importance.EMBEDDING).project(probe)).isNotEqualTo(uniform);
    }

    private static Student trained(RouteModel teacher, SyntheticQa data, double[] spread, Student.Importance importance) {
        Student.Settings s = new Student.Settings(new Student.Shape(2, 1, 8, 0, 3, 0.0), new Student.Training(4, 32, 3e-3, 0.0, 4, 0.1),
                new Student.Loss(importance, 1, 0.05, 0.3, 0.7));
        return Student.distill(teacher, RouterKind.WEIGHTED, data.questions(), spread, s, new Rng(2), EpochCheckpoint.Plan.OFF).student();
    }

    @Test
    void lossFormulaInMessagesComesFromTheSettings() {
        Student.Settings s = new Student.Settings(new Student.Shape(2, 2, 8, 0, 3, 0.0), new Student.Training(12, 32, 3e-3, 0.0, 12, 0.1),
                new Student.Loss(Student.Importance.ENTROPY, 1, 0.05, 1.0, 0.25));
        assertThat(s.loss().formula()).isEqualTo("1·MSE + 0.25·(1−cos)");
    }
}
