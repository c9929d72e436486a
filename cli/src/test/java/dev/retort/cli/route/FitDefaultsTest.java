package dev.retort.cli.route;

import dev.retort.route.ClusterPrior;
import dev.retort.route.KRule;
import dev.retort.route.RouteFit;
import dev.retort.route.RouterKind;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** route fit takes every default from RouteFit.Options.defaults() and RouteConfig.defaults(), and its help shows them. */
class FitDefaultsTest {
    @Test
    void optionsLeftOutHaveTheJavaApisDefaults() {
        FitCommand c = new FitCommand();
        new CommandLine(c).parseArgs("--data", "qa.jsonl");
        var d = RouteFit.Options.defaults(null);
        var r = d.route();
        assertThat(c.model).isEqualTo(d.model());
        assertThat(c.k).isEqualTo(r.k());
        assertThat(KRule.parse(c.kRule)).isEqualTo(r.kRule());
        assertThat(c.maxK).isEqualTo(r.maxK());
        assertThat(c.restarts).isEqualTo(r.restarts());
        assertThat(c.tau).isEqualTo(r.tau());
        assertThat(c.topK).isEqualTo(r.topK());
        assertThat(c.questionTau).isEqualTo(r.questionTau());
        assertThat(c.secondTau).isEqualTo(r.secondTau());
        assertThat(ClusterPrior.parse(c.prior)).isEqualTo(r.prior());
        assertThat(c.adapters.stream().map(RouterKind::parse).toList()).isEqualTo(d.adapters());
        assertThat(c.experts).isEqualTo(d.experts());
        assertThat(c.holdout).isEqualTo(d.holdout());
    }

    @Test
    void helpShowsTheDefaults() {
        StringWriter help = new StringWriter();
        new CommandLine(new FitCommand()).usage(new PrintWriter(help));
        String text = help.toString().replaceAll("\\s+", " ");                           // picocli wraps long lines
        assertThat(text).contains("(default: minilm)").contains("(default: participation)").contains("(default: entropy)")
                .doesNotContain("${DEFAULT-VALUE}").doesNotContain("(default: null)");
    }
}
