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
            c.put("label_shown", s.labelShown());
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

    static PredictionTuple parse(JsonRecord r) {
        JsonNode ctx = r.node().get("context");
        if (ctx == null || !ctx.isArray()) throw r.error("context", "expected an array of {uid, label_shown}");
        List<PredictionTuple.Shown> shown = new ArrayList<>(ctx.size());
        for (int i = 0; i < ctx.size(); i++) {
            JsonNode c = ctx.get(i);
            JsonNode uid = c.get("uid");
            JsonNode label = c.get("label_shown");
            if (uid == null || !(uid.isTextual() || uid.isIntegralNumber()))
                throw r.error("context[" + i + "].uid", "missing or not a string");
            if (label == null || !(label.isBoolean() || (label.isIntegralNumber() && (label.asInt() == 0 || label.asInt() == 1))))
                throw r.error("context[" + i + "].label_shown", "expected true/false or 1/0");
            shown.add(new PredictionTuple.Shown(uid.asText(), label.isBoolean() ? label.booleanValue() : label.asInt() == 1));
        }
        double lt = r.number("logp_true");
        double lf = r.number("logp_false");
        if (lt > 1e-9 || lf > 1e-9) throw r.error(lt > 1e-9 ? "logp_true" : "logp_false", "a log probability must be ≤ 0");
        Framing framing;
        try {
            framing = Framing.parse(r.optText("framing").orElse("positive"));
        } catch (BadInputException e) {
            throw r.error("framing", e.getMessage());
        }
        return new PredictionTuple(r.text("target_uid"), shown, r.has("order") ? (int) r.integer("order") : 0, framing,
                lt, lf, r.optText("model").orElse(""), r.optText("ts").orElse(""));
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
