package dev.retort.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.io.Json;
import dev.retort.kd.data.AssertionExample;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * What each API endpoint reads and answers, as JSON. Assertion requests go to the model's batcher and route queries
 * to worker threads, so the handler can give up on them at the request timeout; a score request (a dot product per
 * row) is answered at once.
 */
final class Endpoints {
    static final String ASSERTIONS = "/v1/assertions";
    static final String ROUTE = "/v1/route/query";
    static final String SCORE = "/v1/score";
    static final int MAX_K = 100;
    static final int MAX_ROWS = 10_000;

    private final ServeConfig config;
    private final AssertionService assertions;
    private final RouteService route;
    private final ScoreService score;
    private final ExecutorService workers;
    private final Instant started = Instant.now();

    /** Services are null for models the server was not given. */
    Endpoints(ServeConfig config, AssertionService assertions, RouteService route, ScoreService score, ExecutorService workers) {
        this.config = config;
        this.assertions = assertions;
        this.route = route;
        this.score = score;
        this.workers = workers;
    }

    /** 404 unless the endpoint's model was loaded. */
    void requireLoaded(String path) {
        boolean loaded = switch (path) {
            case ASSERTIONS -> assertions != null;
            case ROUTE -> route != null;
            default -> score != null;
        };
        String option = switch (path) {
            case ASSERTIONS -> "--kd-model";
            case ROUTE -> "--route-model";
            default -> "--score-model";
        };
        if (!loaded) throw new ApiException(404, "no_model", path + " is off: the server was started without " + option);
    }

    /** Reads the request's fields now (a 400 is thrown here) and returns its answer to come. */
    CompletableFuture<ObjectNode> start(String path, JsonBody body) {
        return switch (path) {
            case ASSERTIONS -> assertions(body);
            case ROUTE -> routeQuery(body);
            default -> score(body);
        };
    }

    private CompletableFuture<ObjectNode> assertions(JsonBody body) {
        String test = body.text("test_method_masked");
        if (!test.contains(AssertionExample.PLACEHOLDER)) {
            throw ApiException.badField("test_method_masked", "has no " + AssertionExample.PLACEHOLDER + " where the assertion belongs");
        }
        String focal = body.text("focal_method");
        int n = body.optionalInt("n", 1, 1, ServeConfig.MAX_SUGGESTIONS);
        return assertions.submit(new AssertionService.Request(test, focal, n)).thenApply(answer -> {
            ObjectNode out = Json.object();
            ArrayNode list = out.putArray("suggestions");
            for (AssertionService.Suggestion s : answer.suggestions()) {
                list.addObject().put("assertion", s.assertion()).put("log_prob", s.logProb()).put("source", s.source());
            }
            return out.put("n", n).put("batch_size", answer.batchSize());
        });
    }

    private CompletableFuture<ObjectNode> routeQuery(JsonBody body) {
        String question = body.text("question");
        int k = body.optionalInt("k", 5, 1, MAX_K);
        String router = body.optionalText("router", null);
        return CompletableFuture.supplyAsync(() -> {
            RouteService.Answer answer = route.query(question, k, router);
            ObjectNode out = Json.object().put("router", answer.router());
            ArrayNode list = out.putArray("answers");
            for (RouteService.RankedAnswer a : answer.answers()) {
                ObjectNode item = list.addObject().put("rank", a.rank()).put("score", a.score());
                a.clusters().forEach(item.putArray("clusters")::add);
                item.put("text", a.text());
            }
            return out;
        }, workers);
    }

    private CompletableFuture<ObjectNode> score(JsonBody body) {
        JsonNode rows = body.array("rows");
        if (rows.isEmpty()) throw ApiException.badField("rows", "must not be empty");
        if (rows.size() > MAX_ROWS) throw ApiException.badField("rows", "at most " + MAX_ROWS + " rows a request, got " + rows.size());
        double[] p = score.score(rows);
        ObjectNode out = Json.object();
        score.features().forEach(out.putArray("features")::add);
        ArrayNode list = out.putArray("scores");
        for (double v : p) list.add(v);
        return CompletableFuture.completedFuture(out);
    }

    /** Liveness and what is loaded. */
    ObjectNode health(int inFlight) {
        ObjectNode out = Json.object().put("status", "ok");
        ObjectNode models = out.putObject("models");
        models.put("kd", config.kdModel() == null ? null : config.kdModel().toString());
        models.put("route", config.routeModel() == null ? null : config.routeModel().toString());
        models.put("score", config.scoreModel() == null ? null : config.scoreModel().toString());
        if (route != null) out.put("default_router", route.defaultRouter());
        return out.put("in_flight", inFlight).put("uptime_s", Duration.between(started, Instant.now()).toMillis() / 1000.0);
    }
}
