package dev.retort.route;

import dev.retort.core.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class StudentTest {

    @Test
    void distilsTowardsTheTeacherAndReloadsIdentically(@TempDir Path dir) {
        SyntheticQa data = SyntheticQa.generate(5, 16, 16, 21);
        RouteModel teacher = RouteModel.fit(data.questions(), data.answers(), RouteConfig.defaults().withK(5), new Rng(1));
        Student.Settings s = new Student.Settings(2, 2, 8, 0, 3, 0.0, 12, 32, 3e-3, 0.0, 12, 0.1, Student.Importance.ENTROPY, 1, 0.05, 0.3, 0.7);
        Student.Distilled d = Student.distill(teacher, RouterKind.WEIGHTED, data.questions(), s, new Rng(2));
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
    void lossFormulaInMessagesComesFromTheSettings() {
        Student.Settings s = new Student.Settings(2, 2, 8, 0, 3, 0.0, 12, 32, 3e-3, 0.0, 12, 0.1, Student.Importance.ENTROPY, 1, 0.05, 1.0, 0.25);
        assertThat(s.lossFormula()).isEqualTo("1·MSE + 0.25·(1−cos)");
    }
}
