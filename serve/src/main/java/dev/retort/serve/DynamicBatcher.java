package dev.retort.serve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Runs work items in batches on one worker thread: the worker takes the first waiting item, then gathers more for at
 * most {@code wait} or until it holds {@code maxBatch}, and hands them to {@code process} together. Items whose caller
 * gave up (a cancelled future, e.g. after a timeout) before their batch started are dropped. The worker is the only
 * thread that calls {@code process}, so a model that is not thread-safe can sit behind it.
 *
 * @param <I> a request
 * @param <O> its answer; {@code process} returns one per request, in order
 */
final class DynamicBatcher<I, O> implements AutoCloseable {
    private record Pending<I, O>(I item, CompletableFuture<O> future) {
    }

    private final LinkedBlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final Function<List<I>, List<O>> process;
    private final long waitNanos;
    private final int maxBatch;
    private final IntConsumer batchSizes;
    private final Thread worker;
    private volatile boolean closed;

    /** {@code batchSizes} hears the size of each batch run (for metrics). */
    DynamicBatcher(String name, Function<List<I>, List<O>> process, Duration wait, int maxBatch, IntConsumer batchSizes) {
        this.process = process;
        this.waitNanos = wait.toNanos();
        this.maxBatch = maxBatch;
        this.batchSizes = batchSizes;
        this.worker = Thread.ofPlatform().name(name).daemon().start(this::loop);
    }

    /** The future answer for {@code item}; fails with {@link IllegalStateException} once the batcher is closed. */
    CompletableFuture<O> submit(I item) {
        CompletableFuture<O> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(new IllegalStateException("shutting down"));
            return future;
        }
        queue.add(new Pending<>(item, future));
        return future;
    }

    private void loop() {
        while (!closed || !queue.isEmpty()) {
            List<Pending<I, O>> batch;
            try {
                batch = gather();
            } catch (InterruptedException e) {
                break;
            }
            batch.removeIf(p -> p.future().isDone());
            if (!batch.isEmpty()) run(batch);
        }
        for (Pending<I, O> p; (p = queue.poll()) != null; ) p.future().completeExceptionally(new IllegalStateException("shutting down"));
    }

    private List<Pending<I, O>> gather() throws InterruptedException {
        List<Pending<I, O>> batch = new ArrayList<>(maxBatch);
        Pending<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) return batch;
        batch.add(first);
        long deadline = System.nanoTime() + waitNanos;
        while (batch.size() < maxBatch) {
            long left = deadline - System.nanoTime();
            Pending<I, O> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) break;
            batch.add(next);
        }
        return batch;
    }

    private void run(List<Pending<I, O>> batch) {
        batchSizes.accept(batch.size());
        try {
            List<O> out = process.apply(batch.stream().map(Pending::item).toList());
            for (int i = 0; i < batch.size(); i++) batch.get(i).future().complete(out.get(i));
        } catch (RuntimeException | Error e) {
            for (Pending<I, O> p : batch) p.future().completeExceptionally(e);
        }
    }

    /** Finishes every item already submitted, then stops the worker; later submits fail at once. */
    @Override
    public void close() {
        closed = true;
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
