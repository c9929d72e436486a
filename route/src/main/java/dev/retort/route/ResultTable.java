package dev.retort.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders evaluation rows as the README/markdown table and as HTML table rows: value [95% CI] and Δ vs the baseline. */
public final class ResultTable {
    private static final List<String> SHOWN = List.of("hit1", "hit5", "hit10", "mrr", "group_hit1", "group_mrr");

    private ResultTable() {
    }

    public static List<String> header() {
        List<String> h = new ArrayList<>(List.of("method"));
        for (String m : SHOWN) h.add(label(m));
        h.add("Δ Hit@1 vs raw [95% CI]");
        h.add("Δ group Hit@1 vs raw [95% CI]");
        h.add("notes");
        return h;
    }

    public static List<List<String>> cells(List<RetrievalEval.Row> rows) {
        List<List<String>> out = new ArrayList<>();
        for (RetrievalEval.Row r : rows) {
            List<String> line = new ArrayList<>(List.of(r.method()));
            for (String m : SHOWN) {
                RetrievalEval.Cell c = r.cells().get(m);
                line.add(String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", c.mean(), c.low(), c.high()));
            }
            line.add(delta(r.cells().get("hit1")));
            line.add(delta(r.cells().get("group_hit1")));
            line.add(notes(r.extra()));
            out.add(line);
        }
        return out;
    }

    public static String markdown(List<RetrievalEval.Row> rows) {
        StringBuilder sb = new StringBuilder();
        List<String> h = header();
        sb.append("| ").append(String.join(" | ", h)).append(" |\n|");
        sb.append("---|".repeat(h.size())).append('\n');
        for (List<String> line : cells(rows)) sb.append("| ").append(String.join(" | ", line)).append(" |\n");
        return sb.toString();
    }

    private static String delta(RetrievalEval.Cell c) {
        return String.format(Locale.ROOT, "%+.3f [%+.3f, %+.3f]%s", c.delta(), c.deltaLow(), c.deltaHigh(), c.deltaExcludesZero() ? " *" : "");
    }

    private static String notes(Map<String, Double> extra) {
        List<String> parts = new ArrayList<>();
        extra.forEach((k, v) -> parts.add(k + " " + (Math.abs(v) >= 1000 || v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v)
                : String.format(Locale.ROOT, "%.3f", v))));
        return String.join("; ", parts);
    }

    private static String label(String metric) {
        return switch (metric) {
            case "hit1" -> "Hit@1";
            case "hit5" -> "Hit@5";
            case "hit10" -> "Hit@10";
            case "mrr" -> "MRR";
            case "group_hit1" -> "group Hit@1";
            case "group_mrr" -> "group MRR";
            default -> metric;
        };
    }
}
