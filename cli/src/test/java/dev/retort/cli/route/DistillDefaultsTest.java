package dev.retort.cli.route;

import dev.retort.core.BadInputException;
import dev.retort.route.RouteDistill;
import dev.retort.route.RouterKind;
import dev.retort.route.Student;
import dev.retort.route.StudentSweep;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** route distill takes its defaults from Student.Settings.defaults() and reads the proposal's shapes. */
class DistillDefaultsTest {
    @Test
    void optionsLeftOutHaveTheJavaApisDefaults() {
        DistillCommand c = parse("--teacher", "t");
        Student.Settings d = Student.Settings.defaults(DistillDefaults.HEADS, DistillDefaults.LAYERS);
        assertThat(c.heads).containsExactly(d.shape().heads());
        assertThat(c.layers).containsExactly(d.shape().layers());
        assertThat(c.headDim).isEqualTo(d.shape().headDim());
        assertThat(c.width).isEqualTo(d.shape().fixedWidth());
        assertThat(c.topK).isEqualTo(d.shape().topK());
        assertThat(c.epochs).isEqualTo(d.training().epochs());
        assertThat(c.patience).isEqualTo(d.training().patience());
        assertThat(c.lr).isEqualTo(d.training().learningRate());
        assertThat(c.augment).isEqualTo(d.loss().augment());
        assertThat(c.mseWeight).isEqualTo(d.loss().mseWeight());
        assertThat(c.cosWeight).isEqualTo(d.loss().cosWeight());
        assertThat(Student.Importance.parse(c.importance)).isEqualTo(d.loss().importance());
        assertThat(Student.Importance.parse(parse("--teacher", "t", "--importance").importance)).isEqualTo(Student.Importance.ENTROPY);
        assertThat(Student.Importance.parse(parse("--teacher", "t", "--importance", "fisher").importance)).isEqualTo(Student.Importance.FISHER);
        assertThat(c.shapes()).containsExactly(new StudentSweep.Shape(d.shape().heads(), d.shape().layers()));
    }

    @Test
    void theServiceGetsTheJavaApisSettingsWhenNothingIsGivenAndRefusesTheRawTarget() {
        RouteDistill.Options o = parse("--teacher", "t").options();
        assertThat(o.settings()).isEqualTo(Student.Settings.defaults(DistillDefaults.HEADS, DistillDefaults.LAYERS));
        assertThat(o.target()).isEqualTo(RouterKind.WEIGHTED);
        assertThatThrownBy(() -> parse("--teacher", "t", "--target", "raw").options()).isInstanceOf(BadInputException.class)
                .hasMessageContaining("--target raw");
        assertThatThrownBy(() -> parse("--teacher", "t", "--heads", "3", "--width", "64").options()).isInstanceOf(BadInputException.class)
                .hasMessageContaining("--width 64 must be divisible by --heads 3");
    }

    @Test
    void shapesListTheProposalsCellsAndTheGridStaysAGrid() {
        assertThat(parse("--teacher", "t", "--shapes", "12x2,6x3,4x4").shapes()).containsExactly(new StudentSweep.Shape(12, 2),
                new StudentSweep.Shape(6, 3), new StudentSweep.Shape(4, 4));
        assertThat(parse("--teacher", "t", "--heads", "1,2", "--layers", "1,3").shapes()).isEqualTo(List.of(new StudentSweep.Shape(1, 1),
                new StudentSweep.Shape(1, 3), new StudentSweep.Shape(2, 1), new StudentSweep.Shape(2, 3)));
        assertThatThrownBy(() -> parse("--teacher", "t", "--shapes", "12x2", "--heads", "4").shapes())
                .isInstanceOf(BadInputException.class).hasMessageContaining("--shapes");
    }

    private static DistillCommand parse(String... args) {
        DistillCommand c = new DistillCommand();
        CommandLine cl = new CommandLine(c);
        cl.parseArgs(args);
        return c;
    }
}
