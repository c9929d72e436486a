package dev.retort.cli.route;

import dev.retort.cli.RecordDefaults;
import dev.retort.route.RouteFit;
import dev.retort.route.RouterKind;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** route fit's option defaults, read from {@link RouteFit.Options#defaults} and its {@code RouteConfig.defaults()}. */
public final class FitDefaults extends RecordDefaults {
    @Override
    protected Map<String, Object> values() {
        RouteFit.Options d = RouteFit.Options.defaults(null);
        var r = d.route();
        return Map.ofEntries(Map.entry("--model", d.model()), Map.entry("--k", r.k()),
                Map.entry("--k-rule", r.kRule().name().toLowerCase(Locale.ROOT)), Map.entry("--max-k", r.maxK()),
                Map.entry("--restarts", r.restarts()), Map.entry("--tau", r.tau()), Map.entry("--top-k", r.topK()),
                Map.entry("--question-tau", r.questionTau()), Map.entry("--second-tau", r.secondTau()),
                Map.entry("--prior", r.prior().name().toLowerCase(Locale.ROOT)),
                Map.entry("--adapters", d.adapters().stream().map(RouterKind::cliName).collect(Collectors.joining(","))),
                Map.entry("--experts", d.experts()), Map.entry("--holdout", d.holdout()));
    }
}
