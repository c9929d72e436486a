package dev.retort.core.report;

import dev.retort.core.RetortException;
import dev.retort.core.io.AtomicFiles;
import dev.retort.core.io.BadRecords;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One self-contained {@code report.html} per run: a headline table first, then sections of text, tables and
 * charts. Images are embedded as data URIs so the file can be mailed or archived on its own.
 */
public final class HtmlReport {
    private final String title;
    private final List<String> blocks = new ArrayList<>();

    public HtmlReport(String title) {
        this.title = title;
    }

    public HtmlReport heading(String text) {
        blocks.add("<h2>" + escape(text) + "</h2>");
        return this;
    }

    public HtmlReport paragraph(String text) {
        blocks.add("<p>" + escape(text) + "</p>");
        return this;
    }

    /** Links to other files of the run (e.g. the reports of its stages), as a list; hrefs are relative to the report. */
    public HtmlReport links(Map<String, String> textToHref) {
        StringBuilder sb = new StringBuilder("<ul>");
        textToHref.forEach((text, href) -> sb.append("<li><a href=\"").append(escape(href)).append("\">").append(escape(text)).append("</a></li>"));
        blocks.add(sb.append("</ul>").toString());
        return this;
    }

    /** Preformatted text, e.g. a command line to reproduce the run. */
    public HtmlReport code(String text) {
        blocks.add("<pre>" + escape(text) + "</pre>");
        return this;
    }

    public HtmlReport table(String caption, List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder("<table>");
        if (caption != null) sb.append("<caption>").append(escape(caption)).append("</caption>");
        sb.append("<thead><tr>");
        for (String h : header) sb.append("<th>").append(escape(h)).append("</th>");
        sb.append("</tr></thead><tbody>");
        for (List<String> row : rows) {
            sb.append("<tr>");
            for (String cell : row) sb.append("<td>").append(escape(cell)).append("</td>");
            sb.append("</tr>");
        }
        blocks.add(sb.append("</tbody></table>").toString());
        return this;
    }

    /**
     * The records a run skipped under {@code --skip-bad-records}: how many, and the first messages (each names the file,
     * line and field); nothing when none was skipped.
     */
    public HtmlReport skippedRecords(BadRecords bad) {
        if (bad.skipped() == 0) return this;
        List<List<String>> rows = bad.examples().stream().map(List::of).toList();
        return table(String.format(java.util.Locale.ROOT, "Skipped bad records: %,d (the first %d listed)", bad.skipped(), rows.size()),
                List.of("why each was skipped"), rows);
    }

    /** A two-column table of names and values. */
    public HtmlReport keyValues(String caption, Map<String, ?> values) {
        List<List<String>> rows = new ArrayList<>();
        values.forEach((k, v) -> rows.add(List.of(k, String.valueOf(v))));
        return table(caption, List.of("name", "value"), rows);
    }

    /** Embeds a PNG file written earlier (e.g. by {@link LineChart}). */
    public HtmlReport image(String caption, Path png) {
        try {
            String b64 = Base64.getEncoder().encodeToString(Files.readAllBytes(png));
            blocks.add("<figure><img alt=\"" + escape(caption) + "\" src=\"data:image/png;base64," + b64 + "\"><figcaption>"
                    + escape(caption) + "</figcaption></figure>");
        } catch (IOException e) {
            throw new RetortException("cannot embed chart " + png + ": " + e.getMessage(), e); // our own output, not the user's input
        }
        return this;
    }

    public String toHtml() {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title>
                <style>
                body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}
                table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 10px;text-align:left;vertical-align:top}
                td{white-space:pre-wrap}
                th{background:#f3f3f3}caption{text-align:left;font-weight:600;padding:4px 0}
                img{max-width:100%%;border:1px solid #eee}pre{background:#f7f7f7;padding:8px;overflow-x:auto}
                figcaption{color:#555;font-size:90%%}footer{color:#888;font-size:80%%;margin-top:3em}
                </style></head><body>
                <h1>%s</h1>
                %s
                <footer>written by retort at %s</footer>
                </body></html>
                """.formatted(escape(title), escape(title), String.join("\n", blocks), Instant.now());
    }

    public void write(Path file) {
        AtomicFiles.writeString(file, toHtml());
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
