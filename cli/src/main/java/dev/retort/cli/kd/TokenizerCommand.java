package dev.retort.cli.kd;

import dev.retort.cli.InputOptions;
import dev.retort.core.BadInputException;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.text.tokenize.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code retort kd tokenizer}: trains the byte-level BPE tokenizer on mined examples. */
@Command(name = "tokenizer",
        mixinStandardHelpOptions = true,
        description = {"Train a byte-level BPE tokenizer on the inputs (masked test + focal method) and targets (assertions) of "
                + "assertion data sets, and save it as a Hugging Face tokenizer.json.",
                "Lossless on any text: decoding the ids gives the input back. Special tokens: <|pad|> 0, <|bos|> 1, <|eos|> 2, <|sep|> 3, <|unk|> 4."},
        footer = {"", "Example:",
                "  retort kd tokenizer --data data/kd/lang3/train.jsonl --vocab-size 8000 --out data/kd/lang3/tokenizer.json",
                "  retort kd tokenizer --data data/kd/lang3/train.jsonl --vocab-size 2000 --sentinels 64 --out lang3-sentinels.json   # for kd pretrain --tokenizer"})
public final class TokenizerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    InputOptions input;

    @Option(names = "--data", required = true, split = ",", paramLabel = "JSONL",
            description = "Assertion data sets to learn from (mined or original-pipeline format; repeatable or comma-separated). Use the train split only.")
    List<Path> data;

    @Option(names = "--vocab-size", defaultValue = "8000", paramLabel = "N", description = "Vocabulary size incl. 256 byte tokens and 5 special tokens (default: ${DEFAULT-VALUE}).")
    int vocabSize;

    @Option(names = "--sentinels", defaultValue = "0", paramLabel = "N",
            description = "Append N sentinel tokens <|sentinel_k|> (inside --vocab-size) so that `kd pretrain --tokenizer` can pretrain with this "
                    + "vocabulary and the fine-tuned teacher keeps the assertion data's own tokens; 64 covers pretrain's spans (default: ${DEFAULT-VALUE}).")
    int sentinels;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write tokenizer.json.")
    Path out;

    @Override
    public Integer call() {
        if (sentinels < 0) throw new BadInputException("--sentinels must be at least 0, got " + sentinels);
        if (vocabSize < 261 + sentinels) {
            throw new BadInputException("--vocab-size must be at least " + (261 + sentinels) + " (256 bytes + 5 special tokens + the sentinels), got " + vocabSize);
        }
        List<String> corpus = new ArrayList<>();
        var bad = input.badRecords();
        for (Path p : data) {
            for (AssertionExample e : AssertionDataset.read(p, bad)) {
                corpus.add(e.testMethodMasked());
                corpus.add(e.focalMethod());
                corpus.add(e.target());
            }
        }
        if (corpus.isEmpty()) throw new BadInputException("no examples in " + data + "; mine some first with 'retort kd mine'");
        var threadClock = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = System.nanoTime(), startCpu = threadClock.getCurrentThreadCpuTime();
        Tokenizer tokenizer = Tokenizer.train(corpus, vocabSize, sentinels);
        double seconds = (System.nanoTime() - start) / 1e9, cpuSeconds = (threadClock.getCurrentThreadCpuTime() - startCpu) / 1e9;
        tokenizer.save(out);
        long chars = 0, tokens = 0;
        for (String text : corpus) {
            chars += text.length();
            tokens += tokenizer.encode(text).length;
        }
        var w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "trained %d tokens on %d texts (%.1f MB) in %.1f s (%.1f s CPU); %.2f characters per token on the training texts%n",
                tokenizer.vocabSize(), corpus.size(), chars / 1e6, seconds, cpuSeconds, (double) chars / tokens);
        if (bad.skipped() > 0) w.printf("skipped %d bad records, e.g. %s%n", bad.skipped(), bad.examples().getFirst());
        w.println("wrote " + out);
        return 0;
    }
}
