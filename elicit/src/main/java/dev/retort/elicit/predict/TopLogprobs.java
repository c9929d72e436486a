package dev.retort.elicit.predict;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.RetortException;
import dev.retort.elicit.claims.Framing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The top-k alternatives of the first generated token, read from any of the OpenAI-compatible response shapes:
 * {@code choices[0].logprobs.top_logprobs[0]} as a {token: logprob} object (/v1/completions: vLLM, OpenAI) or
 * {@code choices[0].logprobs.content[0].top_logprobs} as a list of {token, logprob} (/v1/chat/completions:
 * vLLM, llama.cpp server, Ollama; llama.cpp's /v1/completions too).
 */
record TopLogprobs(List<String> tokens, List<Double> logprobs) {
    /** Probability given to a word absent from the top-k when the listed ones leave (almost) nothing over. */
    static final double MIN_FLOOR = 1e-12;

    static TopLogprobs parse(JsonNode root) {
        JsonNode choice = root.path("choices").path(0);
        if (choice.isMissingNode()) throw new MalformedResponse("no choices[0] in the response");
        JsonNode lp = choice.path("logprobs");
        if (lp.isMissingNode() || lp.isNull())
            throw new Predictor.MissingAnswer("the response has no logprobs; the server must support logprobs (vLLM: --max-logprobs ≥ --top-logprobs; "
                    + "llama.cpp: a recent server; Ollama ≥ 0.12.11) and the model must not be a reasoning model that hides them");
        List<String> tokens = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        JsonNode legacy = lp.path("top_logprobs");
        JsonNode content = lp.path("content");
        if (legacy.isArray() && !legacy.isEmpty() && legacy.get(0).isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = legacy.get(0).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                tokens.add(e.getKey());
                values.add(e.getValue().asDouble(Double.NaN));
            }
        } else if (content.isArray() && !content.isEmpty()) {
            for (JsonNode t : content.get(0).path("top_logprobs")) {
                tokens.add(t.path("token").asText());
                values.add(t.path("logprob").asDouble(Double.NaN));
            }
        }
        if (tokens.isEmpty()) throw new Predictor.MissingAnswer("the response's logprobs list no top alternatives; ask for top_logprobs ≥ 5");
        for (double v : values)
            if (!(v <= 1e-6)) throw new MalformedResponse("a top logprob is " + v + "; expected a finite number ≤ 0");
        return new TopLogprobs(tokens, values);
    }

    /** "▁True", " true", "Ġtrue", "TRUE" → "true". */
    static String normalize(String token) {
        String t = token.replace('▁', ' ').replace('Ġ', ' ').strip();
        return t.toLowerCase(Locale.ROOT);
    }

    /**
     * log P(word): the log-sum-exp over the listed tokens that normalize to {@code word}; when none does, the log
     * of what the listed tokens leave over (capped at the smallest listed probability, which bounds any unlisted
     * token), never below log 1e-12.
     */
    double logProbability(String word) {
        String w = normalize(word);
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < tokens.size(); i++) if (normalize(tokens.get(i)).equals(w)) max = Math.max(max, logprobs.get(i));
        if (max > Double.NEGATIVE_INFINITY) {
            double s = 0;
            for (int i = 0; i < tokens.size(); i++) if (normalize(tokens.get(i)).equals(w)) s += Math.exp(logprobs.get(i) - max);
            return Math.min(0, max + Math.log(s));
        }
        double listed = 0, smallest = 1;
        for (double v : logprobs) {
            listed += Math.exp(v);
            smallest = Math.min(smallest, Math.exp(v));
        }
        return Math.log(Math.max(MIN_FLOOR, Math.min(1 - listed, smallest)));
    }

    Predictor.Answer answer(Framing framing) {
        return new Predictor.Answer(logProbability(framing.wordIfTrue()), logProbability(framing.wordIfFalse()));
    }

    /** The body is not a well-formed response (e.g. truncated): worth another try. */
    static final class MalformedResponse extends RetortException {
        MalformedResponse(String message) {
            super(message);
        }
    }
}
