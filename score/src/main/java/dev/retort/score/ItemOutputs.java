package dev.retort.score;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.BadInputException;
import dev.retort.core.io.JsonRecord;
import dev.retort.core.io.NdArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the models said about one item: the primary model's, N secondary models' and the evaluator's token
 * distributions (logits or log-probabilities, row-major [seq, vocab]), plus the item's text, quality metadata and
 * label. Primary and secondaries share one vocabulary axis so their distributions can be compared.
 *
 * @param quality NaN when the item has none; label NaN when unlabelled
 */
public record ItemOutputs(String id, String text, double quality, double label,
                          Logits primary, List<Logits> secondary, Logits evaluator) {

    /** Row-major [seq, vocab] logits of one model for one item; −inf marks an impossible token. */
    public record Logits(float[] values, int seq, int vocab) {
        public Logits {
            if (values.length != seq * vocab) throw new IllegalArgumentException(values.length + " values for [" + seq + ", " + vocab + "]");
        }

        NdArray array() {
            return NdArray.ofFloats(values, seq, vocab);
        }

        Logits firstPositions(int n) {
            return n == seq ? this : new Logits(Arrays.copyOf(values, n * vocab), n, vocab);
        }
    }

    /**
     * One JSONL record holding top-k log-probabilities per position, for fields {@code primary} (positions),
     * {@code secondary} (a list of members, each a list of positions) and {@code evaluator} (positions). A position
     * is either OpenAI's {@code [{"token": "a", "logprob": -0.1}, …]} or a map {@code {"a": -0.1, …}}. Each
     * distribution gets one extra "rest" entry holding the mass outside the listed top-k, 1 − Σ exp(logprob);
     * tokens a member did not list get probability 0 in that member (they are in its rest mass).
     */
    public static ItemOutputs fromTopK(JsonRecord r, String textField, String qualityField, String labelField) {
        List<List<Map<String, Double>>> members = new ArrayList<>();
        members.add(positions(r, "primary", r.node().get("primary")));
        JsonNode sec = r.node().get("secondary");
        if (sec != null && !sec.isNull()) {
            if (!sec.isArray()) throw r.error("secondary", "expected a list of members, each a list of positions");
            for (int i = 0; i < sec.size(); i++) members.add(positions(r, "secondary[" + i + "]", sec.get(i)));
        }
        List<Logits> shared = dense(members);
        Logits evaluator = r.has("evaluator") ? dense(List.of(positions(r, "evaluator", r.node().get("evaluator")))).getFirst() : null;
        return new ItemOutputs(r.has("id") ? r.node().get("id").asText() : Long.toString(r.line()),
                textField != null && r.has(textField) ? r.text(textField) : "",
                qualityField != null && r.has(qualityField) ? r.number(qualityField) : Double.NaN,
                labelField != null && r.has(labelField) ? (r.bool(labelField) ? 1 : 0) : Double.NaN,
                shared.getFirst(), shared.subList(1, shared.size()), evaluator);
    }

    private static List<Map<String, Double>> positions(JsonRecord r, String field, JsonNode node) {
        if (node == null || node.isNull()) throw r.error(field, "missing (a list of positions of top-k log-probabilities)");
        if (!node.isArray() || node.isEmpty()) throw r.error(field, "expected a non-empty list of positions");
        List<Map<String, Double>> out = new ArrayList<>();
        for (int p = 0; p < node.size(); p++) {
            JsonNode pos = node.get(p);
            Map<String, Double> m = new LinkedHashMap<>();
            if (pos.isArray()) {
                for (JsonNode e : pos) {
                    if (!e.has("token") || !e.has("logprob") || !e.get("logprob").isNumber()) {
                        throw r.error(field, "position " + p + ": entries need \"token\" and a numeric \"logprob\"");
                    }
                    m.put(e.get("token").asText(), e.get("logprob").doubleValue());
                }
            } else if (pos.isObject()) {
                for (var e : pos.properties()) {
                    if (!e.getValue().isNumber()) throw r.error(field, "position " + p + ": log-probability of '" + e.getKey() + "' is not a number");
                    m.put(e.getKey(), e.getValue().doubleValue());
                }
            } else {
                throw r.error(field, "position " + p + ": expected a list of {token, logprob} or a map token → logprob");
            }
            if (m.isEmpty()) throw r.error(field, "position " + p + " lists no tokens");
            double mass = 0;
            for (var e : m.entrySet()) {
                double lp = e.getValue();
                if (Double.isNaN(lp) || lp > 1e-6) throw r.error(field, "position " + p + ": logprob of '" + e.getKey() + "' is " + lp + "; log-probabilities are ≤ 0");
                mass += Math.exp(lp);
            }
            if (mass > 1 + 1e-4) throw r.error(field, "position " + p + ": probabilities sum to " + mass + " > 1; are these logits? use .npy input for logits");
            out.add(m);
        }
        return out;
    }

    /** Members' top-k maps → dense log-probabilities over their union vocabulary + one rest entry. */
    private static List<Logits> dense(List<List<Map<String, Double>>> members) {
        int seq = members.stream().mapToInt(List::size).min().orElseThrow();
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (var m : members) for (int p = 0; p < seq; p++) for (String t : m.get(p).keySet()) vocab.putIfAbsent(t, vocab.size());
        int v = vocab.size() + 1;
        List<Logits> out = new ArrayList<>();
        for (var m : members) {
            float[] z = new float[seq * v];
            Arrays.fill(z, Float.NEGATIVE_INFINITY);
            for (int p = 0; p < seq; p++) {
                double mass = 0;
                for (var e : m.get(p).entrySet()) {
                    z[p * v + vocab.get(e.getKey())] = (float) Math.min(0, e.getValue());
                    mass += Math.exp(e.getValue());
                }
                double rest = 1 - mass;
                z[p * v + v - 1] = rest > 1e-12 ? (float) Math.log(rest) : Float.NEGATIVE_INFINITY;
            }
            out.add(new Logits(z, seq, v));
        }
        return out;
    }

    /**
     * Items from per-token logits arrays [items, seq, vocab] (secondaries must share the primary's vocabulary);
     * {@code mask} [items, seq] (or null) drops padding positions; {@code records} supply id, text, quality, label.
     */
    public static List<ItemOutputs> fromLogits(NdArray primary, List<NdArray> secondary, NdArray evaluator, NdArray mask,
                                               List<JsonRecord> records, String textField, String qualityField, String labelField) {
        long[] ps = primary.shape();
        if (ps.length != 3) throw new BadInputException("primary logits must be [items, seq, vocab], got " + Arrays.toString(ps));
        for (NdArray s : secondary) {
            if (!Arrays.equals(s.shape(), ps)) throw new BadInputException("secondary logits have shape " + Arrays.toString(s.shape()) + "; they must match the primary's " + Arrays.toString(ps) + " (same items, positions and vocabulary)");
        }
        if (evaluator != null && (evaluator.shape().length != 3 || evaluator.shape()[0] != ps[0])) {
            throw new BadInputException("evaluator logits must be [" + ps[0] + ", seq, vocab], got " + Arrays.toString(evaluator.shape()));
        }
        if (mask != null && !Arrays.equals(mask.shape(), new long[]{ps[0], ps[1]})) {
            throw new BadInputException("mask has shape " + Arrays.toString(mask.shape()) + ", primary logits need [" + ps[0] + ", " + ps[1] + "]");
        }
        if (records != null && records.size() != ps[0]) throw new BadInputException("the items file has " + records.size() + " records but the logits hold " + ps[0] + " items");
        float[] p = primary.toFloats(), m = mask == null ? null : mask.toFloats(), e = evaluator == null ? null : evaluator.toFloats();
        List<float[]> s = secondary.stream().map(NdArray::toFloats).toList();
        int n = (int) ps[0], seq = (int) ps[1], v = (int) ps[2];
        List<ItemOutputs> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] keep = kept(m, i, seq);
            Logits prim = gather(p, i, seq, v, keep);
            List<Logits> sec = new ArrayList<>();
            for (float[] si : s) sec.add(gather(si, i, seq, v, keep));
            Logits ev = null;
            if (e != null) {
                int es = (int) evaluator.shape()[1], ev2 = (int) evaluator.shape()[2];
                ev = gather(e, i, es, ev2, java.util.stream.IntStream.range(0, es).toArray());
            }
            JsonRecord r = records == null ? null : records.get(i);
            out.add(new ItemOutputs(r != null && r.has("id") ? r.node().get("id").asText() : Integer.toString(i),
                    r != null && textField != null && r.has(textField) ? r.text(textField) : "",
                    r != null && qualityField != null && r.has(qualityField) ? r.number(qualityField) : Double.NaN,
                    r != null && labelField != null && r.has(labelField) ? (r.bool(labelField) ? 1 : 0) : Double.NaN,
                    prim, sec, ev));
        }
        return out;
    }

    private static int[] kept(float[] mask, int item, int seq) {
        if (mask == null) return java.util.stream.IntStream.range(0, seq).toArray();
        int[] keep = java.util.stream.IntStream.range(0, seq).filter(t -> mask[item * seq + t] > 0.5f).toArray();
        if (keep.length == 0) throw new BadInputException("item " + item + " has no unmasked positions");
        return keep;
    }

    private static Logits gather(float[] all, int item, int seq, int v, int[] keep) {
        float[] z = new float[keep.length * v];
        for (int k = 0; k < keep.length; k++) System.arraycopy(all, (item * seq + keep[k]) * v, z, k * v, v);
        return new Logits(z, keep.length, v);
    }
}
