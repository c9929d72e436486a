package dev.retort.kd.train;

import dev.retort.core.RetortException;
import dev.retort.kd.model.Seq2SeqModel;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the micro-batches of one optimizer step on several copies of the model at once, one Java thread each: with
 * libtorch at one intra-op thread an op runs on the thread that calls it, so two replicas keep two cores busy, where
 * two intra-op threads on one model were 2.7× slower than one for the 1.3 M-parameter teacher. Micro-batch m goes to
 * worker m mod W (worker 0 is the model itself, on the calling thread); each replica's gradients are then added into
 * the model's, in worker order. For two micro-batches that is g₀ + g₁ as when they run one after the other, so the
 * step is bit for bit the same. Replicas take the model's weights before every step. Dropout masks come from
 * libtorch's one global generator, whose draws two threads would interleave by timing, so a model with dropout is
 * refused.
 */
public final class ParallelMicroBatches implements AutoCloseable {
    /** One micro-batch's forward and backward on a given model; returns what the trainer logs of it. */
    @FunctionalInterface
    public interface MicroStep<T> {
        T run(Seq2SeqModel model, int microBatch);
    }

    private final Seq2SeqModel model;
    private final List<Seq2SeqModel> replicas = new ArrayList<>();
    private final ExecutorService pool;

    public ParallelMicroBatches(Seq2SeqModel model, int workers) {
        if (model.config().dropout() > 0) {
            throw new RetortException("parallel micro-batches need a model without dropout (dropout " + model.config().dropout()
                    + " draws from one generator shared by all threads); train with one worker or dropout 0");
        }
        this.model = model;
        for (int w = 1; w < workers; w++) replicas.add(Seq2SeqModel.create(model.config()));
        pool = Executors.newFixedThreadPool(workers - 1, r -> {
            Thread t = new Thread(r, "retort-replica");
            t.setDaemon(true);
            return t;
        });
    }

    public int workers() {
        return replicas.size() + 1;
    }

    /**
     * Runs micro-batches 0 … count−1 on {@code replicas} when there are any and more than one micro-batch, otherwise one
     * after another on {@code model}; either way their summed gradients end in the model. Returns each result.
     */
    public static <T> List<T> run(ParallelMicroBatches replicas, Seq2SeqModel model, int count, MicroStep<T> step) {
        if (replicas != null && count > 1) return replicas.accumulate(count, step);
        List<T> results = new ArrayList<>(count);
        for (int m = 0; m < count; m++) results.add(step.run(model, m));
        return results;
    }

    /** Runs micro-batches 0 … count−1 across the workers and leaves their summed gradients in the model; returns each result. */
    private <T> List<T> accumulate(int count, MicroStep<T> step) {
        sync();
        int workers = workers();
        List<T> values = new ArrayList<>(Collections.nCopies(count, null));
        List<Future<?>> running = new ArrayList<>();
        for (int w = 1; w < workers; w++) {
            Seq2SeqModel replica = replicas.get(w - 1);
            int worker = w;
            running.add(pool.submit(() -> {
                for (int m = worker; m < count; m += workers) values.set(m, step.run(replica, m));
            }));
        }
        for (int m = 0; m < count; m += workers) values.set(m, step.run(model, m));
        for (Future<?> f : running) await(f);
        addReplicaGradients(Math.min(count, workers) - 1);
        return values;
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetortException("interrupted while a replica trained", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new RetortException("a replica failed: " + e.getCause(), e.getCause());
        }
    }

    /** Copies the model's weights into every replica and clears the replicas' gradients. */
    private void sync() {
        try (var noGrad = new NoGradGuard()) {
            TensorVector source = model.parameters();
            for (Seq2SeqModel replica : replicas) {
                TensorVector target = replica.parameters();
                for (long i = 0; i < source.size(); i++) {
                    target.get(i).copy_(source.get(i));
                    Tensor grad = target.get(i).grad();
                    if (grad.defined()) grad.zero_();
                }
            }
        }
    }

    /** Adds the gradients of the first {@code used} replicas into the model's, replica by replica. */
    private void addReplicaGradients(int used) {
        try (var noGrad = new NoGradGuard()) {
            TensorVector target = model.parameters();
            for (int r = 0; r < used; r++) {
                TensorVector source = replicas.get(r).parameters();
                for (long i = 0; i < target.size(); i++) {
                    Tensor grad = source.get(i).grad();
                    if (!grad.defined()) continue;
                    if (!target.get(i).grad().defined()) throw new RetortException("parameter " + i + " got a gradient on a replica only");
                    target.get(i).grad().add_(grad);
                }
            }
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
