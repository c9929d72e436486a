package dev.retort.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.io.Json;
import dev.retort.kd.data.AssertionExample;
import dev.retort.text.metrics.AstValidity;
import dev.retort.kd.model.AssertionGenerator;
import dev.retort.route.RouteArtifacts;
import dev.retort.route.RouteModel;
import dev.retort.route.RouterKind;
import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.SentenceEmbedder;
import dev.retort.text.embed.TextRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The endpoints on small real models: answers agree with what the kd, route and score commands compute. */
class RetortServerTest {
    static ServeFixtures.Models models;
    static RetortServer server;
    static Http http;
    static Path accessLog;

    @BeforeAll
    static void start() throws Exception {
        models = ServeFixtures.models();
        accessLog = Files.createTempFile("retort-serve-access", ".log");
        server = RetortServer.start(ServeConfig.of(models.kd(), models.route(), models.score()).withPort(0).withAccessLog(accessLog));
        http = Http.to(server);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        Files.deleteIfExists(accessLog);
    }

    static List<AssertionExample> inputs() {
        List<AssertionExample> out = new ArrayList<>(models.heldOut());
        String odd = "@Test\nvoid trims() {\n    String s = StringUtils.trim(\"  a \");\n    " + AssertionExample.PLACEHOLDER + "\n}";
        out.add(new AssertionExample("odd", "public static String trim(String s) { return s == null ? null : s.trim(); }", odd, List.of(), null, null, null, null));
        return out;
    }

    @Test
    void greedySuggestionIsWhatKdGenerateGivesWithTheModelsLogProbabilityAndItsSource() {
        AssertionGenerator generator = AssertionGenerator.load(models.kd());
        var encoder = generator.encoder();
        int maxLen = encoder.maxOutputLen() + 1;
        var sources = new HashSet<String>();
        for (AssertionExample e : inputs()) {
            Http.Answer a = http.post("/v1/assertions", Http.assertionRequest(e.testMethodMasked(), e.focalMethod(), 1));
            assertThat(a.status()).as(a.body()).isEqualTo(200);
            String expected = generator.generate(e.testMethodMasked(), e.focalMethod(), 1);
            JsonNode suggestions = a.json().get("suggestions");
            assertThat(suggestions).as(e.id()).hasSize(expected.isEmpty() ? 0 : 1);
            if (expected.isEmpty()) continue;
            JsonNode s = suggestions.get(0);
            assertThat(s.get("assertion").asText()).as(e.id()).isEqualTo(expected);
            AssertionExample input = new AssertionExample("input", e.focalMethod(), e.testMethodMasked(), List.of(), null, null, null, null);
            int[] source = encoder.source(input);
            String raw = encoder.decodeGenerated(input, generator.model().generateGreedy(List.of(source), maxLen).getFirst(), maxLen);
            assertThat(s.get("source").asText()).as(e.id()).isEqualTo(new AstValidity().validLines(raw).isEmpty() ? "retrieval" : "model");
            sources.add(s.get("source").asText());
            double logProb = generator.model().logProbabilities(List.of(source), List.of(encoder.target(input, expected)))[0];
            assertThat(s.get("log_prob").asDouble()).as(e.id()).isCloseTo(logProb, within(1e-4)).isLessThanOrEqualTo(0.0);
            assertThat(a.json().get("ms").asDouble()).isPositive();
        }
        assertThat(sources).as("the small model writes some valid Java of its own; retrieval fills in the rest").contains("model");
    }

    @Test
    void topNSuggestionsAreAtMostNDistinctLinesOfValidJava() {
        AstValidity syntax = new AstValidity();
        for (AssertionExample e : inputs()) {
            JsonNode a = http.post("/v1/assertions", Http.assertionRequest(e.testMethodMasked(), e.focalMethod(), 3)).json();
            JsonNode suggestions = a.get("suggestions");
            assertThat(suggestions.size()).as(a.toString()).isBetween(1, 3);
            var seen = new HashSet<String>();
            for (JsonNode s : suggestions) {
                String text = s.get("assertion").asText();
                assertThat(seen.add(text)).as("distinct: " + a).isTrue();
                assertThat(text.lines()).as(text).allMatch(syntax::isValid);
                assertThat(s.get("source").asText()).isIn("model", "retrieval");
                assertThat(s.get("log_prob").asDouble()).isLessThanOrEqualTo(0.0);
            }
        }
    }

    @Test
    void routeQueryRanksTheModelsAnswersAsRouteQueryDoes() throws Exception {
        var contents = RouteArtifacts.read(models.route());
        RouteModel model = RouteModel.load(models.route());
        float[][] q;
        try (SentenceEmbedder encoder = SentenceEmbedder.open(EmbeddingModel.parse(contents.encoder()))) {
            q = model.project(encoder.embed(List.of("How do I boil pasta?"), TextRole.QUERY), RouterKind.WEIGHTED);
        }
        float[][] answers = contents.answers();
        Integer[] order = new Integer[answers.length];
        double[] cos = new double[answers.length];
        for (int i = 0; i < answers.length; i++) {
            order[i] = i;
            for (int j = 0; j < q[0].length; j++) cos[i] += q[0][j] * answers[i][j];
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(cos[y], cos[x]));

        JsonNode a = http.post("/v1/route/query", Json.object().put("question", "How do I boil pasta?").put("k", 3)).json();
        assertThat(a.get("router").asText()).isEqualTo("weighted");
        assertThat(a.get("answers")).hasSize(3);
        for (int r = 0; r < 3; r++) {
            JsonNode ans = a.get("answers").get(r);
            assertThat(ans.get("rank").asInt()).isEqualTo(r + 1);
            assertThat(ans.get("text").asText()).isEqualTo(contents.pairs().get(order[r]).answer());
            assertThat(ans.get("score").asDouble()).isCloseTo(cos[order[r]], within(1e-4));
        }
        assertThat(a.get("answers").get(0).get("text").asText()).as("the pasta answer first").contains("pasta");
        assertThat(a.get("answers").get(0).get("clusters").get(0).asText()).isEqualTo("cooking");
    }

    @Test
    void routeQueryTakesAnotherFittedRouterAndRejectsAnUnknownOne() {
        JsonNode raw = http.post("/v1/route/query", Json.object().put("question", "undo a commit").put("router", "raw")).json();
        assertThat(raw.get("router").asText()).isEqualTo("raw");
        assertThat(raw.get("answers")).hasSize(5);
        assertThat(raw.get("answers").get(0).get("clusters").get(0).asText()).isEqualTo("git");
        Http.Answer bad = http.post("/v1/route/query", Json.object().put("question", "undo a commit").put("router", "adapter"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).contains("'router'", "no adapter router");
    }

    @Test
    void scoreGivesTheLogisticModelsProbabilityForRowsByNameOrInOrder() {
        var rows = Json.object();
        var list = rows.putArray("rows");
        list.addObject().put("entropy", 1.5).put("length", 6).put("ignored", "x");
        list.addArray().add(0.2).add(30);
        JsonNode a = http.post("/v1/score", rows).json();
        double[] expected = ServeFixtures.SCORE.predict(new double[][]{{1.5, 6}, {0.2, 30}});
        assertThat(a.get("features").toString()).isEqualTo("[\"entropy\",\"length\"]");
        assertThat(a.get("scores").get(0).asDouble()).isCloseTo(1 / (1 + Math.exp(-(2 * 0.5 / 0.5 - 1 * (6 - 10) / 4.0 + 0.25))), within(1e-12));
        assertThat(a.get("scores").get(0).asDouble()).isEqualTo(expected[0]);
        assertThat(a.get("scores").get(1).asDouble()).isEqualTo(expected[1]);
    }

    @Test
    void badScoreRowsAreNamed() {
        assertError(http.post("/v1/score", "{\"rows\": [{\"entropy\": 1, \"length\": 2}, {\"entropy\": 1}]}"), 400, "'rows[1].length': missing");
        assertError(http.post("/v1/score", "{\"rows\": [[1, NaN]]}"), 400, "'rows[0][1]': must be finite");
        assertError(http.post("/v1/score", "{\"rows\": [[1]]}"), 400, "'rows[0]': has 1 values");
        assertError(http.post("/v1/score", "{\"rows\": [{\"entropy\": \"high\", \"length\": 2}]}"), 400, "'rows[0].entropy': must be a number, got a string");
        assertError(http.post("/v1/score", "{\"rows\": []}"), 400, "'rows': must not be empty");
        assertError(http.post("/v1/score", "{\"rows\": 3}"), 400, "'rows': must be an array");
    }

    @Test
    void malformedOrIncompleteRequestsGet400NamingTheField() {
        String test = ServeFixtures.test("add", 3), focal = ServeFixtures.focal("add", 3);
        assertError(http.post("/v1/assertions", "{\"test_method_masked\": \"x\""), 400, "malformed JSON");
        assertError(http.post("/v1/assertions", ""), 400, "malformed JSON: empty body");
        assertError(http.post("/v1/assertions", "[1, 2]"), 400, "expected a JSON object");
        assertError(http.post("/v1/assertions", Json.object().put("test_method_masked", test)), 400, "field 'focal_method': missing");
        assertError(http.post("/v1/assertions", Json.object().put("test_method_masked", 7).put("focal_method", focal)), 400,
                "field 'test_method_masked': must be a string, got a number");
        assertError(http.post("/v1/assertions", Json.object().put("test_method_masked", "void t() {}").put("focal_method", focal)), 400,
                "field 'test_method_masked': has no // <ASSERTION_PLACEHOLDER>");
        assertError(http.post("/v1/assertions", Http.assertionRequest(test, focal, 0)), 400, "field 'n': must be in 1..16");
        assertError(http.post("/v1/assertions", Json.object().put("test_method_masked", test).put("focal_method", focal).put("n", "2")), 400,
                "field 'n': must be a whole number, got a string");
        assertError(http.post("/v1/route/query", "{}"), 400, "field 'question': missing");
        assertError(http.post("/v1/route/query", Json.object().put("question", "q").put("k", 0)), 400, "field 'k'");
    }

    @Test
    void wrongPathsAndMethodsAreAnsweredAsSuch() {
        assertError(http.get("/v1/assertions"), 405, "use POST");
        assertThat(http.get("/v1/assertions").response().headers().firstValue("Allow")).hasValue("POST");
        assertError(http.post("/health", "{}"), 405, "use GET");
        assertError(http.get("/v2/anything"), 404, "no endpoint /v2/anything");
    }

    @Test
    void bodiesOverTheLimitGet413WithOrWithoutContentLength() throws Exception {
        try (RetortServer small = RetortServer.start(ServeConfig.of(null, null, models.score()).withPort(0)
                .withLimits(4, 1000, java.time.Duration.ofSeconds(5)))) {
            Http h = Http.to(small);
            String big = "{\"rows\": [" + "[1, 2],".repeat(200) + "[1, 2]]}";
            assertError(h.post("/v1/score", big), 413, "over the limit of 1000 bytes");
            var chunked = java.net.http.HttpRequest.newBuilder(small.uri().resolve("/v1/score"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes()))).build();
            assertError(h.send(chunked), 413, "more than 1000 bytes");
            assertThat(h.post("/v1/score", "{\"rows\": [[1, 2]]}").status()).as("a small body still works").isEqualTo(200);
            assertError(h.post("/v1/assertions", Http.assertionRequest("t", "f", 1)), 404, "started without --kd-model");
        }
    }

    @Test
    void healthListsTheModelsAndMetricsCountRequestsErrorsAndLatency() throws Exception {
        JsonNode health = http.get("/health").json();
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("models").get("kd").asText()).isEqualTo(models.kd().toString());
        assertThat(health.get("default_router").asText()).isEqualTo("weighted");
        http.post("/v1/score", "{\"rows\": [[1, 2]]}");
        http.post("/v1/score", "{oops");
        Http.Answer m = http.get("/metrics");
        assertThat(m.response().headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        assertThat(m.body()).contains("retort_http_requests_total{endpoint=\"/v1/score\",status=\"200\"}",
                "retort_http_requests_total{endpoint=\"/v1/score\",status=\"400\"}", "retort_http_errors_total{cause=\"malformed_json\"}",
                "retort_http_request_duration_seconds_bucket{endpoint=\"/v1/score\",le=\"+Inf\"}",
                "# TYPE retort_http_request_duration_seconds histogram", "retort_assertion_batch_size_count", "retort_http_in_flight 0");
        for (String line : m.body().lines().toList()) {
            assertThat(line).as("exposition line").matches("# (HELP|TYPE) .*|[a-z_]+(\\{[^}]*\\})? [0-9.eE+-]+");
        }
    }

    @Test
    void thePageAndItsScriptAreServedFromResources() {
        Http.Answer page = http.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<script src=\"app.js\"></script>").doesNotContain("https://", "http://");
        Http.Answer js = http.get("/app.js");
        assertThat(js.body()).contains("v1/assertions");
        assertThat(js.response().headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
    }

    @Test
    void theAccessLogHasALinePerRequest() throws Exception {
        http.get("/health?probe=access-log");
        long deadline = System.currentTimeMillis() + 5000;
        while (!Files.readString(accessLog).contains("/health?probe=access-log") && System.currentTimeMillis() < deadline) Thread.sleep(20);
        assertThat(Files.readString(accessLog)).contains("\"GET /health?probe=access-log HTTP/1.1\" 200");
    }

    static void assertError(Http.Answer a, int status, String message) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.json().get("error").asText()).contains(message);
        assertThat(a.json().get("status").asInt()).isEqualTo(status);
    }
}
