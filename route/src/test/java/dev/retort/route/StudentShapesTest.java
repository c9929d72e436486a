package dev.retort.route;

import dev.retort.core.BadInputException;
import dev.retort.core.Rng;
import dev.retort.core.train.EpochCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The proposal's student shapes (H=12 L=2, H=6 L=3, H=4 L=4) build and train, their width following their heads. */
class StudentShapesTest {
    private static final List<StudentSweep.Shape> PROPOSAL = List.of(new StudentSweep.Shape(12, 2), new StudentSweep.Shape(6, 3),
            new StudentSweep.Shape(4, 4));

    @Test
    void theProposalsShapesGetAWidthTheirHeadsDivide() {
        assertThat(List.of("12x2", "6×3", "H4L4").stream().map(StudentSweep.Shape::parse).toList()).isEqualTo(PROPOSAL);
        for (StudentSweep.Shape shape : PROPOSAL) {
            Student.Settings s = Student.Settings.defaults(shape.heads(), shape.layers());
            assertThat(s.shape().width()).isEqualTo(shape.heads() * Student.Settings.HEAD_DIM);
        }
        assertThat(Student.Settings.defaults(12, 2).shape().width()).isEqualTo(384);            // MiniLM's 12 heads × 32
    }

    @Test
    void theProposalsShapesTrainAndReload(@TempDir Path dir) {
        SyntheticQa data = SyntheticQa.generate(5, 16, 16, 21);
        RouteModel teacher = RouteModel.fit(data.questions(), data.answers(), RouteConfig.defaults().withK(5), new Rng(1));
        float[][] probe = SyntheticQa.generate(5, 4, 16, 77).questions();
        Student.Settings base = new Student.Settings(new Student.Shape(1, 1, 4, 0, 3, 0.0), new Student.Training(6, 32, 3e-3, 0.0, 6, 0.1),
                new Student.Loss(Student.Importance.UNIFORM, 1, 0.05, 0.3, 0.7));
        StudentSweep.check(PROPOSAL, base);
        long previous = -1;
        for (StudentSweep.Shape shape : PROPOSAL) {
            Student.Distilled d = Student.distill(teacher, RouterKind.WEIGHTED, data.questions(), null, base.with(shape.heads(), shape.layers()),
                    new Rng(2), EpochCheckpoint.Plan.OFF);
            Student s = d.student();
            assertThat(s.settings().shape().width()).isEqualTo(shape.heads() * 4);
            assertThat(d.bestValidationLoss()).isFinite();
            assertThat(d.validationLoss()[d.bestEpoch() - 1]).isLessThan(d.validationLoss()[0]);
            assertThat(s.parameters()).isNotEqualTo(previous);                       // each shape is its own model
            previous = s.parameters();
            Path out = dir.resolve("H" + shape.heads());
            s.save(out);
            assertThat(Student.load(out).project(probe)).isDeepEqualTo(s.project(probe));
        }
    }

    @Test
    void aFixedWidthStillWorksAndABadOneIsAClearError() {
        Student.Settings fixed = new Student.Settings(new Student.Shape(2, 1, 4, 48, 3, 0.0), new Student.Training(6, 32, 3e-3, 0.0, 6, 0.1),
                new Student.Loss(Student.Importance.UNIFORM, 1, 0.05, 0.3, 0.7));
        assertThat(fixed.with(12, 2).shape().width()).isEqualTo(48);
        StudentSweep.check(PROPOSAL, fixed.with(1, 1).with(4, 1));                  // 48 is divisible by 12, 6 and 4
        Student.Settings width128 = new Student.Settings(new Student.Shape(2, 2, 32, 128, 4, 0.1), new Student.Training(1, 64, 1e-3, 1e-2, 1, 0.1),
                new Student.Loss(Student.Importance.UNIFORM, 0, 0.05, 0.3, 0.7));
        assertThatThrownBy(() -> StudentSweep.check(PROPOSAL, width128)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("--width 128 must be divisible by --heads 12");
        assertThatThrownBy(() -> StudentSweep.Shape.parse("12by2")).isInstanceOf(BadInputException.class).hasMessageContaining("12x2");
        assertThatThrownBy(() -> StudentSweep.Shape.parse("0x2")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> StudentSweep.check(List.of(), width128)).isInstanceOf(BadInputException.class);
    }

    @Test
    void aStudentSavedWithAFixedWidthBeforeHeadsSetItStillLoads(@TempDir Path dir) throws Exception {
        SyntheticQa data = SyntheticQa.generate(3, 8, 16, 5);
        RouteModel teacher = RouteModel.fit(data.questions(), data.answers(), RouteConfig.defaults().withK(3), new Rng(1));
        Student.Settings s = new Student.Settings(new Student.Shape(2, 1, 6, 0, 2, 0.0), new Student.Training(2, 32, 3e-3, 0.0, 2, 0.1),
                new Student.Loss(Student.Importance.UNIFORM, 0, 0.05, 0.3, 0.7));
        Student student = Student.distill(teacher, RouterKind.CENTROID, data.questions(), null, s, new Rng(3), EpochCheckpoint.Plan.OFF).student();
        student.save(dir);
        Path cfg = dir.resolve(Student.CONFIG);                               // rewrite settings as the oldest format had them
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) dev.retort.core.io.Json.readTree(cfg);
        var flat = dev.retort.core.io.Json.MAPPER.createObjectNode();
        json.get("settings").properties().forEach(group -> flat.setAll((com.fasterxml.jackson.databind.node.ObjectNode) group.getValue()));
        flat.remove(List.of("headDim", "fixedWidth"));
        flat.put("width", 12);
        flat.put("importance", false);
        json.set("settings", flat);
        Files.writeString(cfg, json.toPrettyString());
        Student back = Student.load(dir);
        assertThat(back.settings().shape().width()).isEqualTo(12);
        assertThat(back.settings().loss().importance()).isEqualTo(Student.Importance.UNIFORM);
        assertThat(back.settings().training()).isEqualTo(s.training());
        assertThat(back.project(data.questions())).isDeepEqualTo(student.project(data.questions()));
    }
}
