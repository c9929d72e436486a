package dev.retort.spark.embed;

import dev.retort.core.io.NdArray;
import dev.retort.core.io.Npy;
import dev.retort.core.report.Progress;
import dev.retort.text.embed.Embedding;
import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.TextRole;
import dev.retort.spark.PartStore;
import scala.Tuple2;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * One partition of the embed job: the kept records with ordinals {@code [block·rows, (block+1)·rows)}, embedded into the
 * part {@code vectors-NNNNN.npy}. Blocks start at multiples of {@link Embedding#CHUNK}, so every ONNX batch holds the
 * texts it holds in the single-machine run and the vectors are bit-identical.
 */
final class EmbedBlock {
    private EmbedBlock() {
    }

    /** What the executors need: model, role, ONNX threads. */
    record Settings(EmbeddingModel model, TextRole role, int threads) implements Serializable {
    }

    /** A finished block: rows embedded and the seconds it took, or reused from an earlier run. */
    record Done(int block, int rows, double seconds, boolean reused) implements Serializable {
    }

    static String name(int block) {
        return String.format(Locale.ROOT, "vectors-%05d.npy", block);
    }

    static Iterator<Done> embedUnlessDone(PartStore parts, int block, Iterator<Tuple2<Long, String>> records, Settings settings) {
        if (parts.has(name(block))) return List.of(new Done(block, -1, 0, true)).iterator();
        List<Tuple2<Long, String>> sorted = new ArrayList<>();
        records.forEachRemaining(sorted::add);
        sorted.sort(Comparator.comparing(Tuple2::_1));
        List<String> texts = sorted.stream().map(Tuple2::_2).toList();
        Progress.setMode(Progress.Mode.QUIET);   // Spark's stage progress stands for it
        Embedding.Result r = Embedding.run(Embedders.get(settings.model(), settings.threads()), texts, settings.role(), "embed");
        int d = r.vectors()[0].length;
        float[] flat = new float[texts.size() * d];
        for (int i = 0; i < texts.size(); i++) System.arraycopy(r.vectors()[i], 0, flat, i * d, d);
        byte[] npy = Npy.toBytes(NdArray.ofFloats(flat, texts.size(), d));
        parts.commit(name(block), out -> out.write(npy));
        return List.of(new Done(block, texts.size(), r.seconds(), false)).iterator();
    }

    /** The vectors of a finished block. */
    static NdArray read(PartStore parts, int block) throws IOException {
        try (InputStream in = parts.open(name(block))) {
            return Npy.read(in, parts.path(name(block)).toString());
        }
    }
}
