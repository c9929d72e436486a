package dev.retort.core.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChartAndHtmlTest {

    private static int nonWhitePixels(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) n++;
        return n;
    }

    private static Path chart(Path dir, String name, List<LineChart.Series> series) throws IOException {
        Path png = dir.resolve(name);
        LineChart.write(png, "Training loss", "step", "loss", series);
        return png;
    }

    @Test
    void writesAValidPngOfTheStatedSizeWithTheLinesDrawn(@TempDir Path dir) throws IOException {
        double[] x = new double[100], y = new double[100], y2 = new double[100];
        for (int i = 0; i < 100; i++) {
            x[i] = i;
            y[i] = Math.exp(-i / 30.0);
            y2[i] = 0.5 + 0.3 * Math.sin(i / 10.0);
        }
        Path one = chart(dir, "one.png", List.of(new LineChart.Series("train", x, y)));
        Path two = chart(dir, "two.png", List.of(new LineChart.Series("train", x, y), new LineChart.Series("eval", x, y2)));
        Path none = chart(dir, "none.png", List.of(new LineChart.Series("empty", new double[0], new double[0])));

        byte[] bytes = Files.readAllBytes(one);
        assertThat(Arrays.copyOf(bytes, 8)).containsExactly(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
        BufferedImage a = ImageIO.read(one.toFile()), b = ImageIO.read(two.toFile()), c = ImageIO.read(none.toFile());
        for (BufferedImage img : List.of(a, b, c)) {
            assertThat(img.getWidth()).isEqualTo(800);
            assertThat(img.getHeight()).isEqualTo(450);
        }
        // a second series (and its legend) adds ink; an empty chart has only axes and titles
        assertThat(nonWhitePixels(b)).isGreaterThan(nonWhitePixels(a));
        assertThat(nonWhitePixels(a)).isGreaterThan(nonWhitePixels(c));
        try (var files = Files.list(dir)) { // no temp files left
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("none.png", "one.png", "two.png");
        }
    }

    /**
     * A training run's chart (x = 1, 2, …, 1966) gets tick labels that stand apart: in the band of rows under the x axis
     * no group of inked columns is wider than one label (XChart's own ticks would put "1,1081,2311,354…" side by side).
     */
    @Test
    void xTickLabelsOfALongRunDoNotRunTogether(@TempDir Path dir) throws IOException {
        int n = 1966;
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
            y[i] = 2.0 * (1 - i / (double) n);
        }
        BufferedImage img = ImageIO.read(chart(dir, "long.png", List.of(new LineChart.Series("lr", x, y))).toFile());
        int axis = 0, most = -1;                          // the x axis: the row with the most ink in the lower fifth
        for (int r = img.getHeight() * 4 / 5; r < img.getHeight(); r++) {
            int ink = 0;
            for (int c = 0; c < img.getWidth(); c++) if ((img.getRGB(c, r) & 0xFFFFFF) != 0xFFFFFF) ink++;
            if (ink > most) {
                most = ink;
                axis = r;
            }
        }
        int widest = 0, start = -1, lastInk = -100;        // a "word": inked columns with gaps under 5 px between them
        for (int c = 0; c < img.getWidth(); c++) {
            boolean ink = false;
            for (int r = axis + 8; r < Math.min(img.getHeight(), axis + 22); r++) ink |= (img.getRGB(c, r) & 0xFFFFFF) != 0xFFFFFF;
            if (!ink) continue;
            if (c - lastInk >= 5) start = c;
            lastInk = c;
            widest = Math.max(widest, c - start + 1);
        }
        assertThat(widest).as("widest tick label (columns with gaps under 5 px), px").isBetween(5, 60);
    }

    @Test
    void nonFiniteValuesLeaveGapsInsteadOfFailing(@TempDir Path dir) throws IOException {
        Path png = chart(dir, "gaps.png", List.of(new LineChart.Series("eval", new double[]{0, 1, 2, 3}, new double[]{1, Double.NaN, 0.5, 0.25})));
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(800);
    }

    @Test
    void seriesLengthsMustAgree() {
        assertThatThrownBy(() -> new LineChart.Series("s", new double[2], new double[3])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("series 's': x has 2 points, y has 3");
    }

    @Test
    void reportEmbedsImagesAndEscapesEveryText(@TempDir Path dir) throws IOException {
        Path png = chart(dir, "loss.png", List.of(new LineChart.Series("t", new double[]{0, 1, 2}, new double[]{3, 1, 2})));
        String evil = "<script>alert(\"x\")</script> & 'q'";
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("seed", 42);
        kv.put(evil, 0.5);
        HtmlReport report = new HtmlReport("Run " + evil)
                .heading("Results " + evil)
                .table("Headline " + evil, List.of("metric", evil), List.of(List.of("accuracy", "0.91"), List.of(evil, "x")))
                .paragraph(evil)
                .code("retort kd train --out " + evil)
                .keyValues("Config", kv)
                .links(Map.of("teacher " + evil, "teacher/report.html?a=1&b=\"2\""))
                .image("Loss " + evil, png);
        Path html = dir.resolve("report.html");
        report.write(html);
        String text = Files.readString(html);

        assertThat(text).doesNotContain("<script>", "alert(\"x\")", "'q'");
        assertThat(text).contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;");
        assertThat(text).startsWith("<!DOCTYPE html>").contains("<meta charset=\"utf-8\">");
        assertThat(text.indexOf("<caption>Headline")).isLessThan(text.indexOf("<figure>"));
        assertThat(text).contains("<td>accuracy</td><td>0.91</td>", "<td>seed</td><td>42</td>");
        assertThat(text).contains("<li><a href=\"teacher/report.html?a=1&amp;b=&quot;2&quot;\">teacher &lt;script&gt;");

        Matcher m = Pattern.compile("<img alt=\"([^\"]*)\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\">").matcher(text);
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo("Loss &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;");
        byte[] embedded = Base64.getDecoder().decode(m.group(2));
        assertThat(embedded).isEqualTo(Files.readAllBytes(png));
        assertThat(ImageIO.read(new ByteArrayInputStream(embedded)).getWidth()).isEqualTo(800);
        // tags open and close in pairs
        for (String tag : List.of("table", "tr", "td", "th", "figure", "pre", "p", "h2", "caption", "ul", "li", "a")) {
            assertThat(count(text, "<" + tag + ">") + count(text, "<" + tag + " ")).as(tag).isEqualTo(count(text, "</" + tag + ">"));
        }
        assertThatThrownBy(() -> report.image("missing", dir.resolve("missing.png"))).isInstanceOf(dev.retort.core.RetortException.class)
                .isNotInstanceOf(dev.retort.core.BadInputException.class).hasMessageContaining("cannot embed chart");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
        return n;
    }
}
