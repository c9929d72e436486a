package dev.retort.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.io.Json;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded fuzzing of the API with malformed requests — random bytes, truncated JSON, huge and deeply nested fields,
 * wrong types, garbage on the raw socket — after which the server must still give the same answer to a good request.
 * A request gets a 4xx with an error message, or a 200 with an answer when the mutation left it valid; never a 5xx
 * (that would be the server's own failure).
 */
class MalformedRequestFuzzTest {
    static final List<String> PATHS = List.of(Endpoints.ASSERTIONS, Endpoints.ROUTE, Endpoints.SCORE);
    static final java.util.Map<String, String> ANSWER_FIELD = java.util.Map.of(Endpoints.ASSERTIONS, "suggestions", Endpoints.ROUTE, "answers",
            Endpoints.SCORE, "scores");

    @Test
    void malformedRequestsGet4xxAndTheServerStillAnswersCorrectlyAfterThem() throws Exception {
        ServeFixtures.Models models = ServeFixtures.models();
        ServeConfig config = ServeConfig.of(models.kd(), models.route(), models.score()).withPort(0).withLimits(64, 64 * 1024, Duration.ofSeconds(10));
        try (RetortServer server = RetortServer.start(config)) {
            Http http = Http.to(server);
            JsonNode good = Http.assertionRequest(ServeFixtures.test("max", 5), ServeFixtures.focal("max", 5), 2);
            String before = http.post(Endpoints.ASSERTIONS, good).json().get("suggestions").toString();
            SplittableRandom random = new SplittableRandom(17);
            int accepted = 0;
            for (int i = 0; i < 300; i++) {
                String path = PATHS.get(random.nextInt(PATHS.size()));
                byte[] body = malformed(random, i % 6);
                Http.Answer a;
                try {
                    a = sendOnALiveConnection(http, server.uri().resolve(path), body);
                } catch (java.io.UncheckedIOException e) {
                    // over the body limit the server answers 413 from the Content-Length and closes; a client still
                    // sending the body may see the reset (broken pipe) before it reads the 413 — a rejection either way
                    assertThat(body.length).as("only an oversized body may end in a reset: " + e).isGreaterThan(64 * 1024);
                    continue;
                }
                String what = "case " + i + " on " + path + ": " + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
                if (a.status() == 200) {                                    // a flipped byte or a lone field can leave a valid request
                    accepted++;
                    assertThat(a.json().has(ANSWER_FIELD.get(path))).as(what).isTrue();
                } else {
                    assertThat(a.status()).as(what).isBetween(400, 499);
                    assertThat(a.json().get("error").asText()).as(what).isNotBlank();
                }
            }
            assertThat(accepted).as("nearly every fuzzed request is malformed").isLessThan(30);
            for (int i = 0; i < 20; i++) rawGarbage(server.port(), random);
            assertThat(http.post(Endpoints.ASSERTIONS, good).json().get("suggestions").toString()).as("same answer after fuzzing").isEqualTo(before);
            assertThat(http.post(Endpoints.ROUTE, Json.object().put("question", "How do I create a branch?")).json()
                    .get("answers").get(0).get("text").asText()).contains("branch");
            Http.Answer huge = http.post(Endpoints.ROUTE, Json.object().put("question", "pasta ".repeat(10_000)));
            assertThat(huge.status()).as("a huge but valid question is answered (the encoder truncates it)").isEqualTo(200);
            String metrics = http.get("/metrics").body();
            assertThat(metrics).doesNotContain("status=\"500\"").doesNotContain("cause=\"internal\"").contains("retort_http_in_flight 0");
        }
    }

    /**
     * POSTs the body; when the client's pooled connection turns out to have been closed by the server after an earlier
     * rejected request ("received no bytes": the request never reached the server), sends it once more on a new one.
     */
    static Http.Answer sendOnALiveConnection(Http http, java.net.URI uri, byte[] body) {
        var request = java.net.http.HttpRequest.newBuilder(uri).POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            return http.send(request);
        } catch (java.io.UncheckedIOException e) {
            if (!String.valueOf(e.getMessage()).contains("received no bytes")) throw e;
            return http.send(request);
        }
    }

    /** One malformed body of the given kind. */
    static byte[] malformed(SplittableRandom random, int kind) {
        String valid = "{\"test_method_masked\": \"void t() { int r = f(); // <ASSERTION_PLACEHOLDER>\\n}\", \"focal_method\": \"int f() { return 1; }\","
                + " \"n\": 2, \"question\": \"How do I boil pasta?\", \"k\": 3, \"rows\": [[1.0, 2.0], {\"entropy\": 1, \"length\": 3}]}";
        return switch (kind) {
            case 0 -> {                                                     // random bytes
                byte[] b = new byte[random.nextInt(1, 2000)];
                random.nextBytes(b);
                yield b;
            }
            case 1 -> valid.substring(0, random.nextInt(0, valid.length() - 1)).getBytes(StandardCharsets.UTF_8);   // truncated JSON
            case 2 -> {                                                     // one field with a value of a wrong type
                String[] fields = {"test_method_masked", "focal_method", "n", "question", "k", "rows", "router"};
                String[] values = {"null", "true", "-1", "1e400", "[]", "{}", "\"\"", "\"3\"", "[[\"a\"]]", "[null]", "99999999999999999999", "2.5"};
                yield ("{\"" + fields[random.nextInt(fields.length)] + "\": " + values[random.nextInt(values.length)] + "}").getBytes(StandardCharsets.UTF_8);
            }
            case 3 -> {                                                     // a huge field (over the body limit or just under) in a bad request
                int size = random.nextBoolean() ? 70_000 : 60_000;
                yield ("{\"test_method_masked\": \"" + "x".repeat(size) + "\", \"question\": 5, \"rows\": \"no\"}").getBytes(StandardCharsets.UTF_8);
            }
            case 4 -> ("[".repeat(random.nextInt(500, 3000)) + "]".repeat(random.nextInt(0, 10))).getBytes(StandardCharsets.UTF_8);  // deep nesting
            default -> {                                                    // valid JSON with a random byte flipped
                byte[] b = valid.getBytes(StandardCharsets.UTF_8);
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                yield b;
            }
        };
    }

    /** Random bytes straight onto a socket, as if from a broken client; whatever comes back is read and dropped. */
    static void rawGarbage(int port, SplittableRandom random) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(2000);
            byte[] junk = new byte[random.nextInt(1, 4000)];
            random.nextBytes(junk);
            if (random.nextBoolean()) junk = ("POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Length: 99999\r\n\r\n" + new String(junk, StandardCharsets.ISO_8859_1))
                    .getBytes(StandardCharsets.ISO_8859_1);
            OutputStream out = s.getOutputStream();
            out.write(junk);
            out.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            try {
                in.readAllBytes();
            } catch (java.net.SocketTimeoutException | java.net.SocketException ignored) {
                // the server may keep waiting for the rest of a declared body, or reset the connection: both are fine
            }
        }
    }
}
