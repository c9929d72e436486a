package dev.retort.kd.teacher;

import dev.retort.core.Engine;
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
import java.util.List;

/**
 * Runs a teacher over a data set and writes, per example, its teacher-forced logits on the gold target
 * (every real target position, EOS included) and, unless left out, its greedy prediction. Examples keep their input order.
 */
public final class TeacherLogitsExport {
    private TeacherLogitsExport() {
    }

    public static void export(Seq2SeqModel teacher, ExampleEncoder encoder, List<AssertionExample> examples,
                              TeacherLogitsWriter out, int batchSize) {
        export(teacher, encoder, examples, out, batchSize, true);
    }

    /**
     * @param withPredictions also decode the teacher's greedy text for each record ({@code predicted_assertions}); without
     *                        it (distillation does not read it) the export is about twice as fast
     */
    public static void export(Seq2SeqModel teacher, ExampleEncoder encoder, List<AssertionExample> examples,
                              TeacherLogitsWriter out, int batchSize, boolean withPredictions) {
        teacher.train(false);
        try (Progress progress = Progress.start("teacher-logits", examples.size())) {
            for (int start = 0; start < examples.size(); start += batchSize) {
                List<AssertionExample> chunk = examples.subList(start, Math.min(examples.size(), start + batchSize));
                List<String> predicted = withPredictions
                        ? AssertionPredictor.generate(teacher, encoder, chunk, batchSize, encoder.maxOutputLen() + 1)
                        : java.util.Collections.nCopies(chunk.size(), null);
                List<int[]> sources = new ArrayList<>(), targets = new ArrayList<>();
                for (AssertionExample e : chunk) {
                    ExampleEncoder.Encoded enc = encoder.encode(e);
                    sources.add(enc.source());
                    targets.add(enc.target());
                }
                try (var scope = Engine.step(); var noGrad = new NoGradGuard()) {
                    SequenceBatch batch = teacher.batch(sources, targets);
                    Tensor logits = teacher.logits(batch);                                   // [B, T, V]
                    int v = teacher.config().vocabSize();
                    for (int i = 0; i < chunk.size(); i++) {
                        int length = targets.get(i).length + 1;                             // target + EOS
                        float[] rows = Tensors.toFloats(logits.select(0, i).narrow(0, 0, length)); // [length, V]
                        AssertionExample e = chunk.get(i);
                        out.write(new TeacherExample(e, predicted.get(i), new TeacherLogits.Dense(e.id(), length, v, rows)));
                    }
                }
                progress.advance(chunk.size());
            }
        }
    }
}
