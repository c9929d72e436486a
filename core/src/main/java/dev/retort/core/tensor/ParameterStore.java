package dev.retort.core.tensor;

import dev.retort.core.BadInputException;
import dev.retort.core.io.NdArray;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Saves and loads a module's parameters and buffers as safetensors, by their registered names, bit-exactly.
 * Loading checks that every name and shape matches, so a file for another architecture is a clear error.
 */
public final class ParameterStore {
    private ParameterStore() {
    }

    public static void save(Module module, Path file, Map<String, String> metadata) {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        forEachState(module, (name, t) -> arrays.put(name, Tensors.toArray(t, Tensors.dtypeOf(t))));
        Safetensors.write(file, arrays, metadata);
    }

    /**
     * Copies the file's tensors into the module's parameters and buffers. Every name and shape is checked
     * before the first copy, so a file for another architecture leaves the module untouched.
     */
    public static void load(Module module, Path file) {
        load(module, file, Set.of());
    }

    /**
     * As {@link #load(Module, Path)}, except that the module's tensors named in {@code mayBeAbsent} keep their current
     * values when the file lacks them (a parameter the fine-tuned model adds to the one it starts from).
     */
    public static void load(Module module, Path file, Set<String> mayBeAbsent) {
        Map<String, NdArray> arrays = Safetensors.read(file);
        Map<String, Tensor> expected = new LinkedHashMap<>();
        forEachState(module, expected::put);
        expected.keySet().removeIf(name -> mayBeAbsent.contains(name) && !arrays.containsKey(name));
        for (var e : expected.entrySet()) {
            NdArray a = arrays.get(e.getKey());
            if (a == null) throw new BadInputException(file + ": has no tensor '" + e.getKey() + "'; was it saved from another model size?");
            long[] want = Tensors.shape(e.getValue());
            if (!Arrays.equals(want, a.shape())) {
                throw new BadInputException(file + ": tensor '" + e.getKey() + "' has shape " + Arrays.toString(a.shape())
                        + ", the model expects " + Arrays.toString(want));
            }
        }
        if (arrays.size() != expected.size()) {
            var extra = new TreeSet<>(arrays.keySet());
            extra.removeAll(expected.keySet());
            throw new BadInputException(file + ": has tensors the model does not: " + extra);
        }
        expected.forEach((name, tensor) -> Tensors.copyInto(tensor, arrays.get(name)));
    }

    /** Number of trainable scalars. */
    public static long parameterCount(Module module) {
        long n = 0;
        var params = module.parameters();
        for (long i = 0; i < params.size(); i++) n += params.get(i).numel();
        return n;
    }

    private static void forEachState(Module module, BiConsumer<String, Tensor> action) {
        visit(module.named_parameters(true), action);
        visit(module.named_buffers(true), action);
    }

    /**
     * Each entry's tensor is passed as a new handle on the same storage: the one {@code item.value()} returns lives in
     * the dict's memory and dangles once the garbage collector frees the dict (a crash seen when loading a teacher).
     */
    private static void visit(StringTensorDict dict, BiConsumer<String, Tensor> action) {
        for (long i = 0; i < dict.size(); i++) {
            var item = dict.get(i);
            action.accept(item.key().getString(), new Tensor(item.value()));
        }
    }
}
