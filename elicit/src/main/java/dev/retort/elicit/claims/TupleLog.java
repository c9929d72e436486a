package dev.retort.elicit.claims;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.BadInputException;
import dev.retort.core.RetortException;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.JsonRecord;
import dev.retort.core.io.JsonlReader;
import dev.retort.core.io.JsonlWriter;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The append-only JSONL log of prediction tuples:
 * {@code {target_uid, context: [{uid, label_shown}], order, framing, logp_true, logp_false, model, ts}}.
 * The original notebook's tuples, {@code {uid, context_uids, llm_pred_diff}}, are read as well.
 */
public final class TupleLog implements AutoCloseable {
    private final JsonlWriter writer;

    private TupleLog(JsonlWriter writer) {
        this.writer = writer;
    }

    /**
     * Opens a log for appending. A half-written last line (a run killed mid-write) is cut off first, so
     * the log holds only whole predictions and the question is asked again.
     */
    public static TupleLog append(Path file) {
        dropPartialLastLine(file);
        return new TupleLog(JsonlWriter.append(file));
    }

    public synchronized void write(PredictionTuple t) {
        writer.write(toJson(t));
    }

    /** Forces what was written to disk. */
    public void sync() {
        writer.sync();
    }

    @Override
    public void close() {
        writer.close();
    }

    public static List<PredictionTuple> read(Path file, BadRecords bad) {
        return JsonlReader.readAll(file, bad, TupleLog::parse);
    }

    /**
     * The tuples of a file that optimize, search or evaluate work on: at least one must be usable, since labels fitted
     * to no predictions are only the prior at chance.
     *
     * @throws BadInputException when the file is empty or every line was skipped as a bad record
     */
    public static List<PredictionTuple> readUsable(Path file, BadRecords bad) {
        long skippedBefore = bad.skipped();
        List<PredictionTuple> tuples = read(file, bad);
        if (!tuples.isEmpty()) return tuples;
        long skipped = bad.skipped() - skippedBefore;
        throw new BadInputException(file + ": no usable prediction tuples" + (skipped > 0
                ? " (all " + skipped + " records were bad and skipped; run without --skip-bad-records to see the first error)"
                : " (the file is empty)") + "; collect predictions first with retort elicit collect");
    }

    /** Reads what a possibly interrupted log holds, ignoring a half-written last line. */
    public static List<PredictionTuple> readForResume(Path file) {
        if (!Files.exists(file)) return List.of();
        dropPartialLastLine(file);
        return read(file, BadRecords.failFast());
    }

    public static Map<String, Object> toJson(PredictionTuple t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target_uid", t.targetUid());
        List<Map<String, Object>> ctx = new ArrayList<>(t.context().size());
        for (PredictionTuple.Shown s : t.context()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("uid", s.uid());
            c.put("label_shown", s.labelShown());   // null: not recorded (tuples from the original notebook)
            ctx.add(c);
        }
        m.put("context", ctx);
        m.put("order", t.order());
        m.put("framing", t.framing().jsonName());
        m.put("logp_true", t.logpTrue());
        m.put("logp_false", t.logpFalse());
        m.put("model", t.model());
        m.put("ts", t.ts());
        return m;
    }

    /** One line of a log: this project's shape, or the original notebook's {@code {uid, context_uids, llm_pred_diff}}. */
    static PredictionTuple parse(JsonRecord r) {
        return r.has("llm_pred_diff") ? parseNotebook(r) : parseLog(r);
    }

    private static PredictionTuple parseLog(JsonRecord r) {
        JsonNode ctx = r.node().get("context");
        if (ctx == null || !ctx.isArray()) throw r.error("context", "expected an array of {uid, label_shown}");
        List<PredictionTuple.Shown> shown = new ArrayList<>(ctx.size());
        for (int i = 0; i < ctx.size(); i++) {
            JsonNode label = ctx.get(i).get("label_shown");   // explicit null = not recorded; absent = a mistake
            if (label == null || !(label.isNull() || label.isBoolean() || (label.isIntegralNumber() && (label.asInt() == 0 || label.asInt() == 1))))
                throw r.error("context[" + i + "].label_shown", "expected true/false, 1/0, or null when not recorded");
            shown.add(new PredictionTuple.Shown(uid(r, ctx.get(i).get("uid"), "context[" + i + "].uid"),
                    label.isNull() ? null : label.isBoolean() ? label.booleanValue() : label.asInt() == 1));
        }
        double lt = r.number("logp_true");
        double lf = r.number("logp_false");
        if (lt > 1e-9 || lf > 1e-9) throw r.error(lt > 1e-9 ? "logp_true" : "logp_false", "a log probability must be ≤ 0");
        return new PredictionTuple(uid(r, r.node().get("target_uid"), "target_uid"), shown, r.has("order") ? (int) r.integer("order") : 0,
                framing(r), lt, lf, r.optText("model").orElse(""), r.optText("ts").orElse(""));
    }

    /**
     * The notebook's tuple: target {@code uid}, {@code context_uids} without the labels shown with them, and
     * {@code llm_pred_diff} = log P(true) − log P(false). The log-odds become the normalized pair
     * (log σ(d), log σ(−d)); the context claims keep their uids with the label unknown.
     */
    private static PredictionTuple parseNotebook(JsonRecord r) {
        JsonNode ctx = r.node().get("context_uids");
        if (ctx == null || !ctx.isArray()) throw r.error("context_uids", "expected an array of claim uids");
        List<PredictionTuple.Shown> context = new ArrayList<>(ctx.size());
        for (int i = 0; i < ctx.size(); i++) context.add(new PredictionTuple.Shown(uid(r, ctx.get(i), "context_uids[" + i + "]"), null));
        double d = r.number("llm_pred_diff");
        return new PredictionTuple(uid(r, r.node().get("uid"), "uid"), context, r.has("order") ? (int) r.integer("order") : 0,
                framing(r), logSigmoid(d), logSigmoid(-d), r.optText("model").orElse(""), r.optText("ts").orElse(""));
    }

    /** A claim uid written as a string or an integer (the notebook's uids are integers). */
    private static String uid(JsonRecord r, JsonNode v, String field) {
        if (v == null || !(v.isTextual() || v.isIntegralNumber())) throw r.error(field, "missing, or not a string or an integer");
        return v.asText();
    }

    /** {@code framing} as a string (positive/negative, pos/neg, true/false) or a JSON boolean; positive when absent. */
    private static Framing framing(JsonRecord r) {
        JsonNode f = r.node().get("framing");
        if (f == null || f.isNull()) return Framing.POSITIVE;
        if (!f.isTextual() && !f.isBoolean()) throw r.error("framing", "expected a string such as positive or negative");
        try {
            return Framing.parse(f.asText());
        } catch (BadInputException e) {
            throw r.error("framing", e.getMessage());
        }
    }

    private static double logSigmoid(double x) {
        return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
    }

    private static void dropPartialLastLine(Path file) {
        if (!Files.exists(file)) return;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long end = f.length();
            long pos = end;
            while (pos > 0) {
                f.seek(pos - 1);
                if (f.read() == '\n') break;
                pos--;
            }
            if (pos < end) f.setLength(pos);
        } catch (IOException e) {
            throw new RetortException("cannot repair " + file + ": " + e.getMessage(), e);
        }
    }
}
