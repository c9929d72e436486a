package dev.retort.score;

import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** The distillation student: Linear(in, hidden) → GELU → Linear(hidden, out). */
final class StudentMlp extends Module {
    final LinearImpl fc1, fc2;

    StudentMlp(long in, long hidden, long out) {
        fc1 = register_module("fc1", new LinearImpl(in, hidden));
        fc2 = register_module("fc2", new LinearImpl(hidden, out));
    }

    /** h [n, in] → [n, out]. */
    Tensor forward(Tensor h) {
        return fc2.forward(torch.gelu(fc1.forward(h)));
    }
}
