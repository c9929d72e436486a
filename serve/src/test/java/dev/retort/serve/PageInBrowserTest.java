package dev.retort.serve;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The page at / in headless Debian chromium: a URL fragment fills the form and submits it (app.js), and the DOM
 * chromium dumps must show the suggestions the API gives for the same input. Skipped when chromium is not on PATH.
 */
@Tag("slow")
class PageInBrowserTest {

    @Test
    void headlessChromiumSubmitsThePageAndShowsTheModelsSuggestions(@TempDir Path profile) throws Exception {
        Optional<Path> chromium = onPath("chromium");
        assumeTrue(chromium.isPresent(), "chromium is not on PATH");
        ServeFixtures.Models models = ServeFixtures.models();
        try (RetortServer server = RetortServer.start(ServeConfig.of(models.kd(), null, null).withPort(0))) {
            String test = ServeFixtures.test("max", 7), focal = ServeFixtures.focal("max", 7);
            JsonNode api = Http.to(server).post("/v1/assertions", Http.assertionRequest(test, focal, 2)).json();
            String url = server.uri() + "#test=" + enc(test) + "&focal=" + enc(focal) + "&n=2&run=1";
            Process p = new ProcessBuilder(chromium.get().toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--user-data-dir=" + profile, "--virtual-time-budget=20000", "--dump-dom", url).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
            assertThat(dom).contains("class=\"suggestion\"").contains("suggestion(s) in");
            for (JsonNode s : api.get("suggestions")) assertThat(dom).contains(html(s.get("assertion").asText()));
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static Optional<Path> onPath(String name) {
        List<String> dirs = Arrays.asList(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator));
        return dirs.stream().map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
    }
}
