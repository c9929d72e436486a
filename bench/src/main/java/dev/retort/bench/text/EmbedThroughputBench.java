package dev.retort.bench.text;

import dev.retort.core.io.JsonRecord;
import dev.retort.core.io.JsonlReader;
import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.SentenceEmbedder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * retort side of bench/text/embed-throughput.sh: texts/s of each packaged model at batch 32 with one ONNX Runtime
 * thread, on the first COUNT distinct questions (short) and distinct answers (long) of skills_qa.jsonl.
 * Usage: EmbedThroughputBench FILE COUNT
 */
public final class EmbedThroughputBench {
    private EmbedThroughputBench() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        Set<String> questions = new LinkedHashSet<>();
        Set<String> answers = new LinkedHashSet<>();
        for (JsonRecord r : JsonlReader.readAll(file)) {
            questions.add(r.text("question"));
            answers.add(r.text("answer"));
        }
        List<String> q = new ArrayList<>(questions).subList(0, Math.min(count, questions.size()));
        List<String> a = new ArrayList<>(answers).subList(0, Math.min(count, answers.size()));
        StringBuilder line = new StringBuilder("embed-throughput texts/s (batch 32, 1 thread)");
        for (EmbeddingModel m : EmbeddingModel.values()) {
            try (SentenceEmbedder e = SentenceEmbedder.open(m)) {
                e.embedPassages(q.subList(0, 64));                           // warm-up
                line.append(String.format(Locale.ROOT, "; %s: questions %.0f, answers %.0f", m, rate(e, q), rate(e, a)));
            }
        }
        System.out.println(line);
    }

    static double rate(SentenceEmbedder e, List<String> texts) {
        long t = System.nanoTime();
        e.embedPassages(texts);
        return texts.size() / ((System.nanoTime() - t) / 1e9);
    }
}
