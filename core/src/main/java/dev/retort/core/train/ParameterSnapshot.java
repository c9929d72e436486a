package dev.retort.core.train;

import dev.retort.core.BadInputException;
import dev.retort.core.io.NdArray;
import dev.retort.core.tensor.Safetensors;
import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** A copy of a module's parameters, kept at the best validation epoch and restored after early stopping. */
public record ParameterSnapshot(Tensor[] values) {

    public static ParameterSnapshot of(Module module) {
        var params = module.parameters();
        Tensor[] copy = new Tensor[(int) params.size()];
        for (int i = 0; i < copy.length; i++) copy[i] = params.get(i).detach().clone();
        return new ParameterSnapshot(copy);
    }

    public void restoreInto(Module module) {
        var params = module.parameters();
        try (var noGrad = new NoGradGuard()) {
            for (int i = 0; i < values.length; i++) params.get(i).copy_(values[i]);
        }
    }

    /** Writes the values as safetensors, named by their position in the module's parameter list, bit-exactly. */
    public void save(Path file) {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) arrays.put(Integer.toString(i), Tensors.toArray(values[i], Tensors.dtypeOf(values[i])));
        Safetensors.write(file, arrays, Map.of("kind", "retort-parameter-snapshot"));
    }

    /** A snapshot {@link #save saved} from a module of {@code module}'s shape; any other shape is an error. */
    public static ParameterSnapshot load(Path file, Module module) {
        Map<String, NdArray> arrays = Safetensors.read(file);
        var params = module.parameters();
        if (arrays.size() != params.size()) {
            throw new BadInputException(file + ": holds " + arrays.size() + " parameters, the model has " + params.size());
        }
        Tensor[] values = new Tensor[arrays.size()];
        for (int i = 0; i < values.length; i++) {
            NdArray a = arrays.get(Integer.toString(i));
            if (a == null || !Arrays.equals(a.shape(), Tensors.shape(params.get(i)))) {
                throw new BadInputException(file + ": parameter " + i + " is missing or has another shape than the model's");
            }
            values[i] = Tensors.fromArray(a);
        }
        return new ParameterSnapshot(values);
    }
}
