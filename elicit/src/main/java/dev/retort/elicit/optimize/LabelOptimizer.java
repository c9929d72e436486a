package dev.retort.elicit.optimize;

import dev.retort.core.Engine;
import dev.retort.core.RetortException;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.LBFGS;
import org.bytedeco.pytorch.LBFGSOptions;
import org.bytedeco.pytorch.LossClosure;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * Finds soft labels that make the model's predictions coherent: minimizes {@link CoherenceLoss} over logits z
 * (q = σ(z)), starting from the prior, with L-BFGS (strong Wolfe) or AdamW, then decodes labels with the
 * consistency fix ({@link ConsistentDecoder}). L-BFGS stops when the loss changes less than {@link #TOLERANCE}
 * (relative) between two outer steps; AdamW has no such rule and always runs its steps. The result says which
 * ended the run ({@link OptimizedLabels.Stop}).
 */
public final class LabelOptimizer {
    /** L-BFGS iterations per outer step, after which the loss is logged and the stopping rule checked. */
    static final int LBFGS_CHUNK = 25;
    static final double TOLERANCE = 1e-10;

    private LabelOptimizer() {
    }

    public static OptimizedLabels optimize(LabelProblem problem, OptimizeOptions options) {
        return optimize(problem, options, loss -> { });
    }

    /** @param onStep receives the total loss after each outer step (progress, metrics) */
    public static OptimizedLabels optimize(LabelProblem problem, OptimizeOptions options, DoubleConsumer onStep) {
        long start = System.nanoTime();
        double[] init = problem.priorLogits(options.temperature());
        try (CoherenceLoss loss = new CoherenceLoss(problem, options.temperature(), options.evidence());
             Tensor z = Tensor.create(init, init.length);
             Tensor gradient = torch.zeros_like(z)) {
            z.mutable_grad().put(gradient);   // the optimizers read z.grad(); each evaluation overwrites it in place
            double[] terms = new double[LossWeights.Term.values().length];
            int[] evaluations = {0};
            List<Double> history = new ArrayList<>();
            OptimizedLabels.Stop stop;
            try (TensorVector params = new TensorVector(z)) {
                Optimizer opt = options.method() == OptimizeOptions.Method.LBFGS ? lbfgs(params, options) : adamw(params, options);
                LossClosure closure = new LossClosure() {
                    @Override
                    public Tensor call() {
                        double value;
                        try (var s = Engine.step()) {
                            value = loss.evaluate(z, options.weights(), terms, gradient);
                        }
                        evaluations[0]++;
                        return Tensor.create(value);   // freed with the enclosing outer step
                    }
                };
                double previous = Double.POSITIVE_INFINITY;
                boolean converged = false;
                int steps = options.method() == OptimizeOptions.Method.LBFGS
                        ? Math.ceilDiv(options.maxIterations(), LBFGS_CHUNK) : options.maxIterations();
                for (int step = 0; step < steps; step++) {
                    double current;
                    try (var s = Engine.step()) {
                        opt.step(closure);
                        current = loss.evaluate(z, options.weights(), terms, gradient);
                    }
                    requireFinite(current, terms, options.weights(), step);
                    history.add(current);
                    onStep.accept(current);
                    converged = options.method() == OptimizeOptions.Method.LBFGS
                            && Math.abs(previous - current) <= TOLERANCE * Math.max(1, Math.abs(current));
                    if (converged) break;
                    previous = current;
                }
                opt.close();
                closure.close();
                stop = converged ? OptimizedLabels.Stop.CONVERGED : OptimizedLabels.Stop.ITERATION_CAP;
            }
            double[] q = probabilities(z);
            double total = history.isEmpty() ? Double.NaN : history.getLast();
            return new OptimizedLabels(q, ConsistentDecoder.decode(problem, q), total, terms.clone(), history,
                    evaluations[0], (System.nanoTime() - start) / 1e9, stop);
        }
    }

    /** The prior alone: q = σ(mean log-odds / T), decoded with the same consistency fix. */
    public static OptimizedLabels prior(LabelProblem problem, double temperature) {
        double[] z = problem.priorLogits(temperature);
        double[] q = new double[z.length];
        for (int i = 0; i < z.length; i++) q[i] = 1 / (1 + Math.exp(-z[i]));
        double[] terms = new double[LossWeights.Term.values().length];
        Arrays.fill(terms, Double.NaN);
        return new OptimizedLabels(q, ConsistentDecoder.decode(problem, q), Double.NaN, terms, List.of(), 0, 0, OptimizedLabels.Stop.NONE);
    }

    /** Median milliseconds of one loss + gradient evaluation at the prior, over {@code reps} runs after 3 warm-ups. */
    public static double medianLossGradientMillis(LabelProblem problem, OptimizeOptions options, int reps) {
        double[] z = problem.priorLogits(options.temperature());
        try (CoherenceLoss loss = new CoherenceLoss(problem, options.temperature(), options.evidence())) {
            double[] ms = new double[reps];
            for (int r = -3; r < reps; r++) {
                long t0 = System.nanoTime();
                loss.evaluate(z, options.weights());
                if (r >= 0) ms[r] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            return ms[reps / 2];
        }
    }

    private static Optimizer lbfgs(TensorVector params, OptimizeOptions o) {
        LBFGSOptions opts = new LBFGSOptions(o.learningRate());
        opts.max_iter().put(Math.min(LBFGS_CHUNK, o.maxIterations()));
        opts.history_size().put(10);
        opts.tolerance_grad().put(1e-7);
        opts.tolerance_change().put(1e-9);
        opts.line_search_fn().put("strong_wolfe");
        return new LBFGS(params, opts);
    }

    private static Optimizer adamw(TensorVector params, OptimizeOptions o) {
        AdamWOptions opts = new AdamWOptions(o.learningRate());
        opts.weight_decay().put(0.0);
        return new AdamW(params, opts);
    }

    private static double[] probabilities(Tensor z) {
        double[] zs = new double[(int) z.numel()];
        ((DoubleBuffer) z.detach().contiguous().createBuffer()).get(zs);
        double[] q = new double[zs.length];
        for (int i = 0; i < zs.length; i++) {
            double zc = CoherenceLoss.SQUASH * Math.tanh(zs[i] / CoherenceLoss.SQUASH);
            q[i] = 1 / (1 + Math.exp(-zc));
        }
        return q;
    }

    private static void requireFinite(double total, double[] terms, LossWeights weights, int step) {
        if (Double.isFinite(total)) return;
        StringBuilder bad = new StringBuilder();
        for (LossWeights.Term t : LossWeights.Term.values())
            if (weights.get(t) != 0 && !Double.isFinite(terms[t.ordinal()])) bad.append(t.key()).append(' ');
        throw new RetortException("loss became " + total + " at optimizer step " + step + " (component: "
                + (bad.isEmpty() ? "total" : bad.toString().trim()) + ", batch: all claims); this is a bug — please report it with run.json");
    }
}
