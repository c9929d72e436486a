package dev.retort.score;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.RetortException;
import org.bytedeco.pytorch.LBFGS;
import org.bytedeco.pytorch.LBFGSOptions;
import org.bytedeco.pytorch.LossClosure;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.StringOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits {@link LogisticModel} by minimizing mean log-loss + (λ/2)‖w‖² (bias not penalized) on standardized
 * features with libtorch's L-BFGS (strong-Wolfe line search) in float64. sklearn's C relates as λ = 1/(C·n).
 */
public final class LogisticFit {
    private LogisticFit() {
    }

    /** The model and its curve: loss and mean normalized binary entropy of the predictions after each iteration. */
    public record Result(LogisticModel model, double[] loss, double[] meanEntropy, boolean converged) {
    }

    public static Result fit(FeatureTable train, String labelField, double l2, int maxIterations) {
        if (train.labels() == null) throw new BadInputException("the training table has no label column '" + labelField + "'");
        if (!(l2 >= 0) || !Double.isFinite(l2)) throw new BadInputException("--l2 must be a finite number ≥ 0, got " + l2);
        int n = train.size(), d = train.names().size();
        if (n < 2) throw new BadInputException("need at least 2 labelled rows to fit, got " + n);
        double[] mean = new double[d], std = new double[d];
        for (int j = 0; j < d; j++) {
            double[] c = train.column(j);
            double m = 0, v = 0;
            for (double x : c) m += x;
            m /= n;
            for (double x : c) v += (x - m) * (x - m);
            mean[j] = m;
            std[j] = v > 0 ? Math.sqrt(v / n) : 1;              // constant features: scale 1, as StandardScaler
        }
        double[] flat = new double[n * d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) flat[i * d + j] = (train.rows()[i][j] - mean[j]) / std[j];

        try (var scope = Engine.step()) {
            Tensor x = Entropy.doubles(flat, n, d);                 // [n, d] standardized
            Tensor y = Entropy.doubles(train.labels(), n);          // [n]
            Tensor w = torch.zeros(d).to(torch.ScalarType.Double).set_requires_grad(true);
            Tensor b = torch.zeros(1).to(torch.ScalarType.Double).set_requires_grad(true);
            TensorVector params = new TensorVector(w, b);
            LBFGSOptions options = new LBFGSOptions(1.0);
            options.max_iter().put(1);                            // one iteration per step, so each is logged
            options.history_size().put(20);
            options.tolerance_grad().put(1e-10);
            options.tolerance_change().put(1e-14);
            options.line_search_fn().put(new StringOptional("strong_wolfe"));
            LBFGS lbfgs = new LBFGS(params, options);
            LossClosure closure = new LossClosure() {
                @Override
                public Tensor call() {
                    lbfgs.zero_grad();
                    Tensor loss = objective(x, y, w, b, l2);
                    loss.backward();
                    return loss;
                }
            };
            List<Double> losses = new ArrayList<>(), entropies = new ArrayList<>();
            boolean converged = false;
            double previous = Double.POSITIVE_INFINITY;
            for (int it = 0; it < maxIterations && !converged; it++) {
                lbfgs.step(closure);
                double loss;
                double entropy;
                try (var s = Engine.step(); var noGrad = new org.bytedeco.pytorch.NoGradGuard()) {
                    loss = objective(x, y, w, b, l2).item_double();
                    Tensor p = torch.sigmoid(x.matmul(w).add(b));
                    entropy = binaryEntropy(p).mean().item_double() / Math.log(2);
                }
                if (!Double.isFinite(loss)) throw new RetortException("logistic fit: loss became " + loss + " at iteration " + (it + 1) + " (component: log-loss + L2, full batch)");
                losses.add(loss);
                entropies.add(entropy);
                double gradMax = w.grad().abs().max().item_double();
                gradMax = Math.max(gradMax, b.grad().abs().max().item_double());
                converged = gradMax < 1e-9 || Math.abs(previous - loss) < 1e-15 * Math.max(1, Math.abs(loss));
                previous = loss;
            }
            double[] wv = Entropy.toDoubles(w);
            double bv = Entropy.toDoubles(b)[0];
            LogisticModel model = new LogisticModel(List.copyOf(train.names()), mean, std, wv, bv, l2, labelField);
            return new Result(model, losses.stream().mapToDouble(Double::doubleValue).toArray(),
                    entropies.stream().mapToDouble(Double::doubleValue).toArray(), converged);
        }
    }

    /** mean_i [softplus(z_i) − y_i·z_i] + (λ/2)‖w‖², z = x·w + b: the stable form of the log-loss. */
    static Tensor objective(Tensor x, Tensor y, Tensor w, Tensor b, double l2) {
        Tensor z = x.matmul(w).add(b);                              // [n]
        Tensor nll = torch.softplus(z).sub(y.mul(z)).mean();
        return nll.add(w.mul(w).sum().mul(new Scalar(l2 / 2)));
    }

    /** −p log p − (1−p) log(1−p) in nats, 0 at p ∈ {0, 1}. */
    static Tensor binaryEntropy(Tensor p) {
        return torch.special_entr(p).add(torch.special_entr(p.neg().add(new Scalar(1.0))));
    }
}
