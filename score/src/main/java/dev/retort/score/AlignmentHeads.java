package dev.retort.score;

import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.LinearOptions;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * Three linear projection heads (no bias, so a constant output cannot fake agreement) mapping the primary,
 * secondary and evaluator models' hidden states, of any widths, into one shared {@code dim}-wide space.
 */
final class AlignmentHeads extends Module {
    static final String[] NAMES = {"primary", "secondary", "evaluator"};
    final LinearImpl[] heads = new LinearImpl[3];

    AlignmentHeads(long[] widths, long dim) {
        for (int i = 0; i < 3; i++) {
            LinearOptions o = new LinearOptions(widths[i], dim);
            o.bias().put(false);
            heads[i] = register_module(NAMES[i], new LinearImpl(o));
        }
    }

    /** x_i [n, width_i] → projections [n, dim] each. */
    Tensor[] forward(Tensor[] x) {
        return new Tensor[]{heads[0].forward(x[0]), heads[1].forward(x[1]), heads[2].forward(x[2])};
    }
}
