package dev.retort.text.tokenize;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-level BPE tokenizer (GPT-2 style) for Java source. Every UTF-8 byte has a token, so nothing is
 * unknown and {@code decode(encode(x)).equals(x)} for any well-formed Unicode string. Saved as a Hugging Face
 * {@code tokenizer.json} (BPE model, ByteLevel pre-tokenizer and decoder) that the {@code tokenizers} library
 * loads and encodes to the same ids. Five special tokens come first: pad 0, bos 1, eos 2, sep 3, unk 4;
 * they are never produced from text (Java code may contain any string) and {@link #decode} skips them.
 *
 * <p>A tokenizer may also end with sentinel tokens {@code <|sentinel_0|>}, {@code <|sentinel_1|>}, … (see
 * {@link #train(Iterable, int, int)}): the span markers of denoising pretraining. Like the first five they are
 * special (never produced from text, skipped by {@link #decode}) and written as added tokens of the
 * {@code tokenizer.json}. They come after every BPE token, so a tokenizer without them is unchanged, and one with
 * them loads in older code as a plain vocabulary whose last ids are never produced.
 * Thread-safe.
 */
public final class Tokenizer implements TextTokenizer {
    static final List<String> SPECIALS = List.of("<|pad|>", "<|bos|>", "<|eos|>", "<|sep|>", "<|unk|>");
    private static final int CACHE_LIMIT = 200_000;
    private static final String SENTINEL = "<|sentinel_%d|>";

    private final List<String> tokens;
    private final Map<String, Integer> ids;
    private final List<long[]> merges;            // {pair, merged id}, in priority order
    private final Map<Long, long[]> mergeRanks;   // pair -> {rank, merged id}
    private final int[] byteIds = new int[256];
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();
    private final int firstSentinel;
    private final int sentinelCount;

    Tokenizer(List<String> tokens, List<long[]> merges) {
        this.tokens = List.copyOf(tokens);
        this.merges = List.copyOf(merges);
        ids = new HashMap<>();
        for (int i = 0; i < this.tokens.size(); i++) ids.put(this.tokens.get(i), i);
        for (int i = 0; i < SPECIALS.size(); i++) {
            if (!Integer.valueOf(i).equals(ids.get(SPECIALS.get(i))))
                throw new IllegalArgumentException("special token " + SPECIALS.get(i) + " must have id " + i);
        }
        for (int b = 0; b < 256; b++) {
            Integer id = ids.get(String.valueOf(ByteAlphabet.charOf(b)));
            if (id == null) throw new IllegalArgumentException("no token for byte " + b);
            byteIds[b] = id;
        }
        firstSentinel = ids.getOrDefault(sentinelToken(0), -1);
        int count = 0;
        while (firstSentinel >= 0 && Integer.valueOf(firstSentinel + count).equals(ids.get(sentinelToken(count)))) count++;
        sentinelCount = count;
        mergeRanks = new HashMap<>();
        for (int r = 0; r < this.merges.size(); r++) {
            long[] m = this.merges.get(r);
            mergeRanks.putIfAbsent(m[0], new long[]{r, m[1]});
        }
    }

    /** Learns {@code vocabSize − 261} merges (fewer when the corpus runs out of repeated pairs). */
    public static Tokenizer train(Iterable<String> corpus, int vocabSize) {
        return train(corpus, vocabSize, 0);
    }

    /**
     * Learns {@code vocabSize − 261 − sentinels} merges and appends {@code sentinels} sentinel tokens, so the
     * vocabulary has at most {@code vocabSize} tokens and the sentinels have the highest ids.
     */
    public static Tokenizer train(Iterable<String> corpus, int vocabSize, int sentinels) {
        List<String> initial = new ArrayList<>(SPECIALS);
        for (int b = 0; b < 256; b++) initial.add(String.valueOf(ByteAlphabet.charOf(b)));
        if (sentinels < 0 || vocabSize - sentinels < initial.size()) {
            throw new IllegalArgumentException("vocabulary size must be at least " + (initial.size() + Math.max(0, sentinels))
                    + " (" + initial.size() + " specials and bytes + " + sentinels + " sentinels), got " + vocabSize);
        }
        BpeTrainer.Result r = BpeTrainer.train(corpus, vocabSize - sentinels, initial);
        List<String> tokens = new ArrayList<>(r.tokens());
        for (int k = 0; k < sentinels; k++) tokens.add(sentinelToken(k));
        return new Tokenizer(tokens, r.merges());
    }

    private static String sentinelToken(int k) {
        return String.format(java.util.Locale.ROOT, SENTINEL, k);
    }

    /** Reads a {@code tokenizer.json} written by {@link #save} (or any byte-level BPE one with these special tokens). */
    public static Tokenizer load(Path tokenizerJson) {
        return TokenizerJson.read(tokenizerJson);
    }

    @Override
    public void save(Path tokenizerJson) {
        TokenizerJson.write(this, tokenizerJson);
    }

    @Override
    public int[] encode(String text) {
        List<int[]> parts = new ArrayList<>();
        int n = 0;
        for (String piece : PreTokenizer.split(text)) {
            int[] p = cache.get(piece);
            if (p == null) {
                p = encodePiece(piece);
                if (cache.size() >= CACHE_LIMIT) cache.clear();
                cache.put(piece, p);
            }
            parts.add(p);
            n += p.length;
        }
        int[] out = new int[n];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** BPE inside one piece: repeatedly merge the adjacent pair with the best (lowest) rank, leftmost first. */
    private int[] encodePiece(String piece) {
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        int[] sym = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) sym[i] = byteIds[bytes[i] & 0xFF];
        int n = sym.length;
        while (n > 1) {
            long bestRank = Long.MAX_VALUE;
            int at = -1;
            for (int i = 0; i + 1 < n; i++) {
                long[] m = mergeRanks.get(Pairs.of(sym[i], sym[i + 1]));
                if (m != null && m[0] < bestRank) {
                    bestRank = m[0];
                    at = i;
                }
            }
            if (at < 0) break;
            sym[at] = (int) mergeRanks.get(Pairs.of(sym[at], sym[at + 1]))[1];
            System.arraycopy(sym, at + 2, sym, at + 1, n - at - 2);
            n--;
        }
        return java.util.Arrays.copyOf(sym, n);
    }

    /** The text of the ids, special tokens skipped. Fails on an id outside the vocabulary. */
    @Override
    public String decode(int[] tokenIds) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : tokenIds) {
            if (id < 0 || id >= tokens.size()) throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + tokens.size());
            if (isSpecial(id)) continue;
            ByteAlphabet.decode(tokens.get(id), bytes);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The token string of an id (byte-level symbols, e.g. {@code Ġassert}). */
    public String token(int id) {
        return tokens.get(id);
    }

    @Override
    public int vocabSize() {
        return tokens.size();
    }

    @Override
    public int pad() {
        return 0;
    }

    @Override
    public int bos() {
        return 1;
    }

    @Override
    public int eos() {
        return 2;
    }

    @Override
    public int sep() {
        return 3;
    }

    public int unk() {
        return 4;
    }

    /** How many sentinel tokens this tokenizer has (0 for one trained without them). */
    public int sentinelCount() {
        return sentinelCount;
    }

    /** The id of sentinel {@code k}, 0 ≤ k &lt; {@link #sentinelCount()}. */
    public int sentinel(int k) {
        if (k < 0 || k >= sentinelCount) throw new IllegalArgumentException("sentinel " + k + " outside 0.." + (sentinelCount - 1));
        return firstSentinel + k;
    }

    /** Whether the id is one of the five specials or a sentinel: never produced by {@link #encode}. */
    public boolean isSpecial(int id) {
        return id < SPECIALS.size() || (sentinelCount > 0 && id >= firstSentinel && id < firstSentinel + sentinelCount);
    }

    /** Whether the two tokenizers map every token and merge alike (a model trained with one can use the other). */
    public boolean sameVocabulary(Tokenizer other) {
        if (!tokens.equals(other.tokens) || merges.size() != other.merges.size()) return false;
        for (int i = 0; i < merges.size(); i++) if (!java.util.Arrays.equals(merges.get(i), other.merges.get(i))) return false;
        return true;
    }

    List<String> tokens() {
        return tokens;
    }

    List<long[]> merges() {
        return merges;
    }

    Map<String, Integer> vocabulary() {
        Map<String, Integer> v = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) v.put(tokens.get(i), i);
        return v;
    }
}
