package dev.retort.kd.teacher;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.RetortException;
import dev.retort.core.report.Progress;
import dev.retort.core.tensor.Tensors;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.evaluate.AssertionPredictor;
import dev.retort.kd.logits.TeacherExample;
import dev.retort.kd.logits.TeacherLogits;
import dev.retort.kd.logits.TeacherLogitsWriter;
import dev.retort.kd.model.ExampleEncoder;
import dev.retort.kd.model.Seq2SeqModel;
import dev.retort.kd.model.SequenceBatch;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a teacher over a data set and writes, per example, its teacher-forced logits on the gold target
 * (every real target position, EOS included) and, unless left out, its greedy prediction. Examples keep their input order.
 */
public final class TeacherLogitsExport {
    private TeacherLogitsExport() {
    }

    public static void export(Seq2SeqModel teacher, ExampleEncoder encoder, List<AssertionExample> examples,
                              TeacherLogitsWriter out, int batchSize) {
        export(teacher, encoder, examples, out, batchSize, true, 1);
    }

    /**
     * @param withPredictions also decode the teacher's greedy text for each record ({@code predicted_assertions}); without
     *                        it (distillation does not read it) the export is about twice as fast
     * @param threads         batches run at once on this many threads sharing the model (inference only, one core each at
     *                        libtorch's one intra-op thread); records are written in input order whatever the count
     */
    public static void export(Seq2SeqModel teacher, ExampleEncoder encoder, List<AssertionExample> examples,
                              TeacherLogitsWriter out, int batchSize, boolean withPredictions, int threads) {
        if (threads < 1) throw new BadInputException("threads must be at least 1, got " + threads);
        teacher.train(false);
        List<List<AssertionExample>> chunks = new ArrayList<>();
        for (int start = 0; start < examples.size(); start += batchSize) {
            chunks.add(examples.subList(start, Math.min(examples.size(), start + batchSize)));
        }
        try (Progress progress = Progress.start("teacher-logits", examples.size());
             ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int first = 0; first < chunks.size(); first += threads) {
                List<Future<List<TeacherExample>>> running = new ArrayList<>();
                for (List<AssertionExample> chunk : chunks.subList(first, Math.min(chunks.size(), first + threads))) {
                    running.add(pool.submit(() -> records(teacher, encoder, chunk, withPredictions)));
                }
                for (Future<List<TeacherExample>> f : running) {
                    List<TeacherExample> records = join(f);
                    records.forEach(out::write);
                    progress.advance(records.size());
                }
            }
        }
    }

    /** One batch's records: the teacher-forced logits on the gold target and, if asked, the greedy text. */
    private static List<TeacherExample> records(Seq2SeqModel teacher, ExampleEncoder encoder, List<AssertionExample> chunk,
                                                boolean withPredictions) {
        List<String> predicted = withPredictions
                ? AssertionPredictor.generate(teacher, encoder, chunk, chunk.size(), encoder.maxOutputLen() + 1)
                : Collections.nCopies(chunk.size(), null);
        List<int[]> sources = new ArrayList<>(), targets = new ArrayList<>();
        for (AssertionExample e : chunk) {
            ExampleEncoder.Encoded enc = encoder.encode(e);
            sources.add(enc.source());
            targets.add(enc.target());
        }
        List<TeacherExample> records = new ArrayList<>(chunk.size());
        try (var scope = Engine.step(); var noGrad = new NoGradGuard()) {
            SequenceBatch batch = teacher.batch(sources, targets);
            Tensor logits = teacher.logits(batch);                                           // [B, T, V]
            int v = teacher.config().vocabSize();
            for (int i = 0; i < chunk.size(); i++) {
                int length = targets.get(i).length + 1;                                     // target + EOS
                float[] rows = Tensors.toFloats(logits.select(0, i).narrow(0, 0, length)); // [length, V]
                AssertionExample e = chunk.get(i);
                records.add(new TeacherExample(e, predicted.get(i), new TeacherLogits.Dense(e.id(), length, v, rows)));
            }
        }
        return records;
    }

    private static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetortException("interrupted while exporting teacher logits", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new RetortException("teacher-logit export failed: " + e.getCause(), e.getCause());
        }
    }
}
