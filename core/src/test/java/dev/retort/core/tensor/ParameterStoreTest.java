package dev.retort.core.tensor;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.io.DType;
import dev.retort.core.io.NdArray;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParameterStoreTest {

    /** Float32 parameters, a float16 buffer and an int64 buffer, as an embedding cache or step counter would be. */
    static final class Mixed extends Module {
        final LinearImpl lin;

        Mixed(int out, long seed) {
            Engine.get().reseed(seed);
            lin = register_module("lin", new LinearImpl(3, out));
            register_buffer("scale_f16", torch.randn(out).to(torch.ScalarType.Half));
            long[] counts = new long[out];
            for (int i = 0; i < out; i++) counts[i] = seed * 1_000_000_007L + i - (1L << 40);
            register_buffer("counts_i64", Tensors.of(counts, out));
        }
    }

    private static Map<String, NdArray> state(Module m) {
        Map<String, NdArray> out = new LinkedHashMap<>();
        var p = m.named_parameters(true);
        for (long i = 0; i < p.size(); i++) out.put(p.get(i).key().getString(), Tensors.toArray(p.get(i).value(), Tensors.dtypeOf(p.get(i).value())));
        var b = m.named_buffers(true);
        for (long i = 0; i < b.size(); i++) out.put(b.get(i).key().getString(), Tensors.toArray(b.get(i).value(), Tensors.dtypeOf(b.get(i).value())));
        return out;
    }

    @Test
    void float16AndInt64BuffersRoundTripBitExactly(@TempDir Path dir) throws IOException {
        Mixed saved = new Mixed(4, 1);
        Path file = dir.resolve("mixed.safetensors");
        ParameterStore.save(saved, file, Map.of("note", "test"));
        Mixed loaded = new Mixed(4, 2);
        assertThat(state(loaded)).isNotEqualTo(state(saved));
        ParameterStore.load(loaded, file);
        assertThat(state(loaded)).isEqualTo(state(saved));
        assertThat(state(saved).keySet()).containsExactly("lin.weight", "lin.bias", "scale_f16", "counts_i64");
        assertThat(state(saved).get("scale_f16").dtype()).isEqualTo(DType.FLOAT16);
        assertThat(state(saved).get("counts_i64").dtype()).isEqualTo(DType.INT64);

        // the file is standard safetensors: header length, JSON header with dtypes, metadata, aligned data
        byte[] bytes = Files.readAllBytes(file);
        long headerLen = java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat((8 + headerLen) % 8).isZero();
        String header = new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8);
        assertThat(header).contains("\"__metadata__\":{\"note\":\"test\"}", "\"scale_f16\":{\"dtype\":\"F16\",\"shape\":[4]",
                "\"counts_i64\":{\"dtype\":\"I64\"");
        assertThat(bytes.length - 8 - headerLen).isEqualTo(4 * (12 + 4) + 2 * 4 + 8 * 4);
    }

    @Test
    void theSameTensorsAndMetadataGiveTheSameBytesWhateverTheMetadataOrder(@TempDir Path dir) throws IOException {
        Map<String, NdArray> tensors = Map.of("w", NdArray.ofFloats(new float[]{1, 2}, 2));
        Map<String, String> ab = new LinkedHashMap<>(), ba = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        ba.put("b", "2");
        ba.put("a", "1");
        Safetensors.write(dir.resolve("ab.safetensors"), tensors, ab);
        Safetensors.write(dir.resolve("ba.safetensors"), tensors, ba);
        assertThat(Files.readAllBytes(dir.resolve("ba.safetensors"))).isEqualTo(Files.readAllBytes(dir.resolve("ab.safetensors")));
    }

    @Test
    void wrongShapeNamesTheTensorAndLeavesTheModuleUntouched(@TempDir Path dir) {
        Path file = dir.resolve("small.safetensors");
        ParameterStore.save(new Mixed(4, 1), file, Map.of());
        Mixed bigger = new Mixed(5, 3);
        Map<String, NdArray> before = state(bigger);
        assertThatThrownBy(() -> ParameterStore.load(bigger, file)).isInstanceOf(BadInputException.class)
                .hasMessage(file + ": tensor 'lin.weight' has shape [4, 3], the model expects [5, 3]");
        assertThat(state(bigger)).isEqualTo(before);
    }

    @Test
    void missingAndExtraTensorsAreNamed(@TempDir Path dir) {
        Path file = dir.resolve("m.safetensors");
        Map<String, NdArray> arrays = state(new Mixed(4, 1));
        Map<String, NdArray> extra = new LinkedHashMap<>(arrays);
        extra.put("head.weight", NdArray.ofFloats(new float[]{1}, 1));
        Safetensors.write(file, extra, Map.of());
        Mixed target = new Mixed(4, 2);
        Map<String, NdArray> before = state(target);
        assertThatThrownBy(() -> ParameterStore.load(target, file)).isInstanceOf(BadInputException.class)
                .hasMessage(file + ": has tensors the model does not: [head.weight]");
        assertThat(state(target)).isEqualTo(before);

        Map<String, NdArray> missing = new LinkedHashMap<>(arrays);
        missing.remove("counts_i64");
        Safetensors.write(file, missing, Map.of());
        assertThatThrownBy(() -> ParameterStore.load(target, file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("has no tensor 'counts_i64'");
        assertThat(ParameterStore.parameterCount(target)).isEqualTo(3 * 4 + 4);
    }

    @Test
    void damagedSafetensorsFilesAreBadInputNamingTheTensor(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("d.safetensors");
        for (String header : List.of(
                "{\"w\":{\"dtype\":\"Q9\",\"shape\":[1],\"data_offsets\":[0,4]}}",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[\"a\"],\"data_offsets\":[0,4]}}",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,400]}}",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,4294967296],\"data_offsets\":[0,4]}}",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}")) {
            byte[] h = header.getBytes(StandardCharsets.UTF_8);
            var b = java.nio.ByteBuffer.allocate(8 + h.length + 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.putLong(h.length).put(h).putFloat(1f);
            Files.write(file, b.array());
            assertThatThrownBy(() -> Safetensors.read(file)).as(header).isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith(file + ": tensor 'w': ");
        }
        Files.write(file, new byte[]{8, 0, 0, 0, 0, 0, 0, 0, '[', ']', ' ', ' ', ' ', ' ', ' ', ' '});
        assertThatThrownBy(() -> Safetensors.read(file)).isInstanceOf(BadInputException.class).hasMessageContaining("not a JSON object");
        Files.write(file, new byte[]{1, 2, 3});
        assertThatThrownBy(() -> Safetensors.read(file)).isInstanceOf(BadInputException.class).hasMessageContaining("too short");
    }
}
